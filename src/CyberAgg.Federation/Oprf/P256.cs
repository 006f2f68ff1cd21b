using System.Numerics;
using System.Security.Cryptography;

namespace CyberAgg.Federation.Oprf;

/// <summary>
/// The P-256 group operations the OPRF needs, on x-coordinates only: the scalar multiplication runs in the platform's
/// ECDH (constant time in the scalar), the square root that recovers a point from its x in <see cref="BigInteger"/>.
/// </summary>
/// <remarks>
/// Only x-coordinates cross the wire: x(−Q) = x(Q) and k·(−Q) = −(k·Q), so whichever root is taken for y, every
/// multiplication of the chain (blind, each share, unblind) ends at the same x. P-256 has cofactor 1, so every point
/// with a valid x is in the prime-order group; an x with no point on the curve is refused.
/// </remarks>
internal static class P256
{
    public const int Size = 32;

    /// <summary>The field prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1 (p ≡ 3 mod 4).</summary>
    public static readonly BigInteger P = Parse("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");

    /// <summary>The group order n.</summary>
    public static readonly BigInteger N = Parse("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

    private static readonly BigInteger B = Parse("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    private static readonly BigInteger RootExponent = (P + 1) / 4;

    /// <summary>The y of a point with <paramref name="x"/>, or null when x³ − 3x + b is not a square mod p.</summary>
    public static BigInteger? RecoverY(BigInteger x)
    {
        if (x.Sign < 0 || x >= P)
        {
            return null;
        }

        var rhs = Mod((x * x * x) - (3 * x) + B, P);
        var y = BigInteger.ModPow(rhs, RootExponent, P);
        return Mod(y * y, P) == rhs ? y : null;
    }

    /// <summary>x(<paramref name="scalar"/>·Q) for the point Q with x-coordinate <paramref name="x"/> (32 bytes, big-endian).</summary>
    /// <exception cref="CryptographicException">x is not the x-coordinate of a curve point, or the scalar is not in [1, n−1].</exception>
    public static byte[] Multiply(ReadOnlySpan<byte> x, BigInteger scalar)
    {
        if (x.Length != Size)
        {
            throw new CryptographicException("A point is 32 bytes.");
        }

        if (scalar.Sign <= 0 || scalar >= N)
        {
            throw new CryptographicException("The scalar is outside [1, n-1].");
        }

        var xs = ToInteger(x);
        var y = RecoverY(xs) ?? throw new CryptographicException("Not the x-coordinate of a P-256 point.");
        using var own = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = ToBytes(scalar) });
        using var peer = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x.ToArray(), Y = ToBytes(y) } });
        return own.DeriveRawSecretAgreement(peer.PublicKey);
    }

    /// <summary>A uniformly random scalar in [1, n−1].</summary>
    public static BigInteger RandomScalar()
    {
        Span<byte> bytes = stackalloc byte[48];
        RandomNumberGenerator.Fill(bytes);
        return ScalarFrom(bytes);
    }

    /// <summary>Maps 48 or more uniform bytes to a scalar in [1, n−1] (bias below 2^-128).</summary>
    public static BigInteger ScalarFrom(ReadOnlySpan<byte> uniform) => Mod(ToInteger(uniform), N - 1) + 1;

    public static BigInteger Inverse(BigInteger scalar) => BigInteger.ModPow(scalar, N - 2, N);

    public static BigInteger ToInteger(ReadOnlySpan<byte> bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    /// <summary>The 32-byte big-endian form of a field element or scalar.</summary>
    public static byte[] ToBytes(BigInteger value)
    {
        var bytes = new byte[Size];
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        raw.CopyTo(bytes, Size - raw.Length);
        return bytes;
    }

    public static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        var r = BigInteger.Remainder(value, modulus);
        return r.Sign < 0 ? r + modulus : r;
    }

    private static BigInteger Parse(string hex) => ToInteger(Convert.FromHexString(hex));
}
