namespace CyberAgg.Rules.Events;

/// <summary>Simple field bag for tests and offline tools; real pipelines adapt their own event type.</summary>
public sealed class DictionaryEventFields : IEventFields
{
    private readonly Dictionary<string, int> _positions;
    private readonly List<string> _names = [];
    private readonly List<string?> _values = [];

    public DictionaryEventFields()
        : this(StringComparer.Ordinal)
    {
    }

    public DictionaryEventFields(IEqualityComparer<string> fieldComparer)
    {
        _positions = new Dictionary<string, int>(fieldComparer);
    }

    public DictionaryEventFields(IEnumerable<KeyValuePair<string, string?>> fields)
        : this()
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (name, value) in fields)
        {
            Set(name, value);
        }
    }

    public int FieldCount => _names.Count;

    /// <summary>Adds or replaces a field, keeping first-insertion order for enumeration.</summary>
    public DictionaryEventFields Set(string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (_positions.TryGetValue(field, out var position))
        {
            _values[position] = value;
        }
        else
        {
            _positions.Add(field, _names.Count);
            _names.Add(field);
            _values.Add(value);
        }

        return this;
    }

    public bool TryGet(string field, out string? value)
    {
        if (_positions.TryGetValue(field, out var position))
        {
            value = _values[position];
            return true;
        }

        value = null;
        return false;
    }

    public string GetName(int index) => _names[index];

    public string? GetValue(int index) => _values[index];

    /// <summary>True with the default ordinal names; a case-insensitive bag finds more than its names say.</summary>
    public bool LookupIsExact => ReferenceEquals(_positions.Comparer, StringComparer.Ordinal) || ReferenceEquals(_positions.Comparer, EqualityComparer<string>.Default);
}
