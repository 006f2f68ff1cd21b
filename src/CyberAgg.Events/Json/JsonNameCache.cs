using System.Text;

namespace CyberAgg.Events.Json;

/// <summary>
/// Dotted names of flattened JSON by their UTF-8 bytes: a sensor writes the same few hundred names on every line, so
/// each is decoded, looked up among the core fields and allocated once per thread instead of once per record.
/// Direct-mapped and bounded, so hostile input with ever-new names cannot grow it (those names are then allocated as
/// before); one instance per thread, so it needs no lock.
/// </summary>
internal sealed class JsonNameCache
{
    private const int Size = 4096;
    private const int MaxCachedBytes = 128;

    [ThreadStatic]
    private static JsonNameCache? t_current;

    private readonly Entry[] _entries = new Entry[Size];

    public static JsonNameCache Current => t_current ??= new JsonNameCache();

    /// <param name="utf8">A valid UTF-8 name (the flattener builds it from unescaped, validated JSON).</param>
    public JsonName Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedBytes)
        {
            return new JsonName(Encoding.UTF8.GetString(utf8));
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var entry = ref _entries[hash.ToHashCode() & (Size - 1)];
        if (entry.Bytes is not null && utf8.SequenceEqual(entry.Bytes))
        {
            return entry.Name!;
        }

        var name = new JsonName(Encoding.UTF8.GetString(utf8));
        entry = new Entry(utf8.ToArray(), name);
        return name;
    }

    private readonly record struct Entry(byte[]? Bytes, JsonName? Name);
}
