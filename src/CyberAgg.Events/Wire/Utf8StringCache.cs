using System.Text;

namespace CyberAgg.Events.Wire;

/// <summary>
/// A small direct-mapped cache from short UTF-8 values to strings, so attribute names and low-cardinality values
/// (event.action, observer.name, ...) decode without allocating. One instance per thread, so it needs no lock.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Size = 2048;
    private const int MaxCachedBytes = 64;

    [ThreadStatic]
    private static Utf8StringCache? t_current;

    private readonly Entry[] _entries = new Entry[Size];

    public static Utf8StringCache Current => t_current ??= new Utf8StringCache();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var entry = ref _entries[hash.ToHashCode() & (Size - 1)];
        if (entry.Bytes is not null && utf8.SequenceEqual(entry.Bytes))
        {
            return entry.Value!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        entry = new Entry(utf8.ToArray(), value);
        return value;
    }

    private readonly record struct Entry(byte[]? Bytes, string? Value);
}
