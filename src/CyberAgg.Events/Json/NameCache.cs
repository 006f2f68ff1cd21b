namespace CyberAgg.Events.Json;

/// <summary>
/// Attribute names of flattened JSON, shared instead of allocated per record: a sensor writes the same few hundred
/// dotted names on every line. One instance per thread, so it needs no lock; bounded so hostile input with ever-new
/// names cannot grow it (those names are then allocated as before).
/// </summary>
internal sealed class NameCache
{
    private const int MaxNames = 4096;
    private const int MaxNameLength = 128;

    [ThreadStatic]
    private static NameCache? t_current;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private NameCache() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static NameCache Current => t_current ??= new NameCache();

    public string Get(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var value = name.ToString();
        if (_names.Count < MaxNames && name.Length <= MaxNameLength)
        {
            _names[value] = value;
        }

        return value;
    }
}
