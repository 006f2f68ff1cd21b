using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// <see cref="EventIds.FromRaw"/> computed without an incremental hash object and five native calls per record: through
/// <see cref="Sha256Native"/> over the record in place, or one SHA-256 call over one buffer. The same bytes, so the same id.
/// </summary>
internal static class RecordIds
{
    [SkipLocalsInit]
    public static string FromRaw(string partner, string source, ReadOnlySpan<byte> raw)
    {
        if (Sha256Native.Available && partner.Length <= 128 && source.Length <= 256)
        {
            // The short prefix (partner and source) on the stack, the record hashed in place: no copy of the line.
            Span<byte> prefix = stackalloc byte[8 + (3 * (128 + 256))];
            var prefixLength = Append(prefix, partner);
            prefixLength += Append(prefix[prefixLength..], source);
            Span<byte> hash = stackalloc byte[32];
            Sha256Native.Hash(prefix[..prefixLength], raw, [], hash);
            return LowerHex(hash[..16]);
        }

        var max = 8 + Encoding.UTF8.GetMaxByteCount(partner.Length) + Encoding.UTF8.GetMaxByteCount(source.Length) + raw.Length;
        byte[]? rented = null;
        var buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Append(buffer, partner);
        length += Append(buffer[length..], source);
        raw.CopyTo(buffer[length..]);
        length += raw.Length;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer[..length], digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return Convert.ToHexStringLower(digest[..16]);
    }

    /// <summary>
    /// <see cref="Convert.ToHexStringLower(ReadOnlySpan{byte})"/> for an id's 16 bytes, by table: the NativeAOT build ran
    /// the library's vector path through a software shuffle, about 2 % of the agent's CPU.
    /// </summary>
    private static string LowerHex(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[EventIds.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = (char)"0123456789abcdef"u8[bytes[i] >> 4];
            chars[(2 * i) + 1] = (char)"0123456789abcdef"u8[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    // The layout of EventIds: a little-endian int32 byte length, then the UTF-8 bytes.
    private static int Append(Span<byte> buffer, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, buffer[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, written);
        return 4 + written;
    }
}
