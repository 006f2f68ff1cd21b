using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CyberAgg.Storage.Writers;

/// <summary>
/// A pooled, growable buffer of ClickHouse <c>RowBinary</c> values: integers little-endian, strings as a LEB128 length
/// and their UTF-8 bytes, maps as a LEB128 count and their pairs. <c>LowCardinality(T)</c> is written as <c>T</c>.
/// </summary>
/// <remarks>
/// Rows are written here and handed to the request stream in chunks (<see cref="WrittenMemory"/>, then
/// <see cref="Clear"/>), so an insert holds one chunk of its body, not the body. Strings the runtime cannot encode
/// (lone surrogates) become U+FFFD, as every UTF-8 encoder does.
/// </remarks>
public sealed class RowBinaryBuffer : IDisposable
{
    // A LEB128 length of a string below 2^35 bytes: strings are at most 2^31 UTF-16 units, 3 bytes each.
    private const int MaxVarIntBytes = 5;

    private byte[] array;
    private int written;

    /// <param name="initialCapacity">Bytes rented up front; the buffer grows when one value needs more.</param>
    public RowBinaryBuffer(int initialCapacity = 256 * 1024)
    {
        array = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 64));
    }

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public int WrittenCount => written;

    /// <summary>The bytes written since the last <see cref="Clear"/>, valid until the next write.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => array.AsMemory(0, written);

    /// <summary>Forgets the written bytes and keeps the capacity.</summary>
    public void Clear() => written = 0;

    /// <summary>UInt8.</summary>
    public void UInt8(byte value)
    {
        Ensure(1)[0] = value;
        written++;
    }

    /// <summary>UInt16.</summary>
    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Ensure(2), value);
        written += 2;
    }

    /// <summary>Int32.</summary>
    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Ensure(4), value);
        written += 4;
    }

    /// <summary>Int64, and DateTime64(3) as milliseconds since the Unix epoch.</summary>
    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Ensure(8), value);
        written += 8;
    }

    /// <summary>Bytes already in RowBinary form (a row encoded earlier), as they are.</summary>
    public void Raw(ReadOnlySpan<byte> encoded)
    {
        encoded.CopyTo(Ensure(encoded.Length));
        written += encoded.Length;
    }

    /// <summary>An unsigned LEB128 number: a string's length, a map's or an array's count.</summary>
    public void VarUInt(ulong value)
    {
        var span = Ensure(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        written += i;
    }

    /// <summary>String (and LowCardinality(String)); null is written as the empty string.</summary>
    public void String(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            UInt8(0);
            return;
        }

        // Up to 42 UTF-16 units the UTF-8 form is below 128 bytes: one length byte, and no counting pass.
        if (value.Length <= 127 / 3)
        {
            var span = Ensure(1 + (value.Length * 3));
            var length = Encoding.UTF8.GetBytes(value, span[1..]);
            span[0] = (byte)length;
            written += 1 + length;
            return;
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        VarUInt((ulong)bytes);
        written += Encoding.UTF8.GetBytes(value, Ensure(bytes));
    }

    /// <summary>Map(String, String) (either side may be LowCardinality); null or empty is the empty map.</summary>
    public void Map(Dictionary<string, string>? map)
    {
        if (map is null || map.Count == 0)
        {
            UInt8(0);
            return;
        }

        VarUInt((ulong)map.Count);
        foreach (var (key, value) in map)
        {
            String(key);
            String(value);
        }
    }

    public void Dispose()
    {
        var rented = array;
        array = [];
        written = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private Span<byte> Ensure(int bytes)
    {
        if (array.Length - written < bytes)
        {
            Grow(bytes);
        }

        return array.AsSpan(written);
    }

    private void Grow(int bytes)
    {
        ObjectDisposedException.ThrowIf(array.Length == 0, this);
        var needed = (long)written + bytes + MaxVarIntBytes;
        var size = (int)Math.Min(Array.MaxLength, Math.Max(needed, (long)array.Length * 2));
        if (size < needed)
        {
            throw new InvalidOperationException($"A RowBinary value of {bytes} bytes does not fit one buffer of at most {Array.MaxLength} bytes.");
        }

        var larger = ArrayPool<byte>.Shared.Rent(size);
        array.AsSpan(0, written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(array);
        array = larger;
    }
}
