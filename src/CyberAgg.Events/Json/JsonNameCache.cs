using System.Buffers.Binary;
using System.Numerics;
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

        ref var entry = ref _entries[Slot(utf8)];
        if (entry.Bytes is not null && utf8.SequenceEqual(entry.Bytes))
        {
            return entry.Name!;
        }

        var name = new JsonName(Encoding.UTF8.GetString(utf8));
        entry = new Entry(utf8.ToArray(), name);
        return name;
    }

    /// <summary>
    /// A cheap slot from the length and the first and last eight bytes (names differ there: <c>src_ip</c>/<c>dest_ip</c>,
    /// <c>alert.signature</c>/<c>alert.signature_id</c>). Names that collide only share a slot; the byte comparison
    /// keeps the answer right, so a crafted collision costs allocations, as names did before the cache.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        ulong head;
        ulong tail;
        if (utf8.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else
        {
            head = 0;
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        var mixed = ((head * 0x9E3779B97F4A7C15UL) ^ BitOperations.RotateLeft(tail, 31) ^ (ulong)utf8.Length) * 0xBF58476D1CE4E5B9UL;
        return (int)(mixed >> 52) & (Size - 1);
    }

    private readonly record struct Entry(byte[]? Bytes, JsonName? Name);
}
