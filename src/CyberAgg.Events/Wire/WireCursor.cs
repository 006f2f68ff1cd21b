using System.Buffers.Binary;

namespace CyberAgg.Events.Wire;

/// <summary>Bounds-checked forward reader over a span; every read reports failure instead of throwing.</summary>
internal ref struct WireCursor
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public WireCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public bool TryReadByte(out byte value)
    {
        if (Remaining < 1)
        {
            value = 0;
            return false;
        }

        value = _data[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (!BinaryPrimitives.TryReadUInt16LittleEndian(_data[_position..], out value))
        {
            return false;
        }

        _position += 2;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (!BinaryPrimitives.TryReadUInt32LittleEndian(_data[_position..], out value))
        {
            return false;
        }

        _position += 4;
        return true;
    }

    public bool TryReadInt64(out long value)
    {
        if (!BinaryPrimitives.TryReadInt64LittleEndian(_data[_position..], out value))
        {
            return false;
        }

        _position += 8;
        return true;
    }

    /// <summary>Unsigned LEB128, at most 10 bytes; an overlong or overflowing encoding fails.</summary>
    public bool TryReadVarUInt(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!TryReadByte(out var b))
            {
                return false;
            }

            if (shift == 63 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A varint length then that many bytes; fails when the length exceeds <paramref name="maxLength"/> or the data.</summary>
    public bool TryReadBytes(int maxLength, out ReadOnlySpan<byte> value)
    {
        if (!TryReadVarUInt(out var length) || length > (ulong)maxLength || length > (ulong)Remaining)
        {
            value = default;
            return false;
        }

        value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TrySlice(int length, out ReadOnlySpan<byte> value)
    {
        if (length < 0 || length > Remaining)
        {
            value = default;
            return false;
        }

        value = _data.Slice(_position, length);
        _position += length;
        return true;
    }
}
