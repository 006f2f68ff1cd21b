namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>The fields a predicate reads, and whether it reads their values or only whether they are present.</summary>
internal sealed class FieldReads
{
    private readonly Dictionary<string, bool> _readsValue = new(StringComparer.Ordinal);

    /// <summary>Field name to true when its value is read, false when only its presence is.</summary>
    public IReadOnlyDictionary<string, bool> Fields => _readsValue;

    public void Presence(string field) => _readsValue.TryAdd(field, false);

    public void Value(string field) => _readsValue[field] = true;
}
