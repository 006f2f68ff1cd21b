using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Federation.Oprf;

/// <summary>
/// One key service's share of the OPRF key: a secret from which a scalar per epoch is derived (HKDF), so shares rotate
/// with the epochs like the HMAC mode's keys and a leaked epoch share exposes one epoch.
/// </summary>
internal sealed class KeyShare
{
    private static readonly byte[] Salt = "cyberagg-oprf-share-v1"u8.ToArray();
    private readonly byte[] secret;

    public KeyShare(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            throw new ArgumentException("A key share secret must be at least 32 bytes.", nameof(secret));
        }

        this.secret = secret.ToArray();
    }

    /// <summary>This share's scalar k_i for <paramref name="epoch"/>, in [1, n−1].</summary>
    public BigInteger ScalarOf(long epoch) =>
        P256.ScalarFrom(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 48, Salt, Encoding.ASCII.GetBytes("epoch " + epoch.ToString(CultureInfo.InvariantCulture))));

    /// <summary>x(k_i·Q) for a blinded point's x; throws <see cref="CryptographicException"/> when it is no curve point.</summary>
    public byte[] Evaluate(long epoch, ReadOnlySpan<byte> point) => P256.Multiply(point, ScalarOf(epoch));
}
