using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Federation.Oprf;

/// <summary>
/// The node's side of a 2HashDH OPRF over P-256 (the construction of RFC 9497's base mode, with its own encoding):
/// token = HMAC-SHA256(kind, epoch, value, x(k·H(kind, epoch, value))), where k = k₁·k₂·…·kₘ is the product of the key
/// services' shares, so no single service holds it. The node sends only r·H (r random per value), each service
/// multiplies by its share, and the node removes r; the services never see H, the value or the token.
/// </summary>
/// <remarks>
/// Hash-to-curve is try-and-increment (SHA-256 of a counter and the input until x³ − 3x + b is a square), so its time
/// depends on the value: about two tries on average. It runs only on the node that holds the value, never on a
/// service, so the timing is observable only by someone already on that machine (docs/sovereign-mode.md).
/// </remarks>
internal static class OprfProtocol
{
    private static readonly byte[] HashDomain = "cyberagg-oprf-h2c-v1"u8.ToArray();
    private static readonly byte[] TokenKey = "cyberagg-oprf-token-v1"u8.ToArray();

    /// <summary>H(kind, epoch, value): the x-coordinate of a curve point nobody knows the discrete log of.</summary>
    public static byte[] HashToCurve(string kind, long epoch, string value)
    {
        var input = Encode(kind, epoch, value);
        var block = new byte[HashDomain.Length + 1 + input.Length];
        HashDomain.CopyTo(block, 0);
        input.CopyTo(block, HashDomain.Length + 1);
        for (var counter = 0; counter < 256; counter++)
        {
            block[HashDomain.Length] = (byte)counter;
            var x = P256.Mod(P256.ToInteger(SHA256.HashData(block)), P256.P);
            if (P256.RecoverY(x) is not null)
            {
                return P256.ToBytes(x);
            }
        }

        // Each try fails with probability about 1/2: 256 failures in a row do not happen.
        throw new CryptographicException("Hash to curve found no point in 256 tries.");
    }

    /// <summary>Blinds one input: x(r·H) with a fresh random r, which the node keeps to unblind.</summary>
    public static (byte[] Blinded, BigInteger R) Blind(string kind, long epoch, string value) => Blind(kind, epoch, value, P256.RandomScalar());

    public static (byte[] Blinded, BigInteger R) Blind(string kind, long epoch, string value, BigInteger r) => (P256.Multiply(HashToCurve(kind, epoch, value), r), r);

    /// <summary>x(k·H) from x(k·r·H): multiplies by r⁻¹ mod n.</summary>
    public static byte[] Unblind(ReadOnlySpan<byte> evaluated, BigInteger r) => P256.Multiply(evaluated, P256.Inverse(r));

    /// <summary>The token (32 lowercase hex digits, as the HMAC mode's) from the unblinded x(k·H).</summary>
    public static string Finalize(string kind, long epoch, string value, ReadOnlySpan<byte> unblinded)
    {
        var input = Encode(kind, epoch, value);
        var all = new byte[input.Length + unblinded.Length];
        input.CopyTo(all, 0);
        unblinded.CopyTo(all.AsSpan(input.Length));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(TokenKey, all, mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    /// <summary>Kind and value length-prefixed around the epoch, so no two inputs share an encoding.</summary>
    private static byte[] Encode(string kind, long epoch, string value)
    {
        var kindBytes = Encoding.UTF8.GetBytes(kind);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        var input = new byte[4 + kindBytes.Length + 8 + 4 + valueBytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(input, kindBytes.Length);
        kindBytes.CopyTo(input, 4);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(4 + kindBytes.Length), epoch);
        BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(12 + kindBytes.Length), valueBytes.Length);
        valueBytes.CopyTo(input, 16 + kindBytes.Length);
        return input;
    }
}
