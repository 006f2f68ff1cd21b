using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Federation.Blinding;

/// <summary>
/// The keyed one-way transform of indicator values: HMAC-SHA256 under a per-epoch key derived (HKDF) from the
/// alliance blinding secret, over the kind and the value length-prefixed, so one value of two kinds never collides.
/// </summary>
/// <remarks>Only member nodes hold the secret; the alliance Kafka's operator sees tokens it cannot test guesses against.</remarks>
internal sealed class IndicatorBlinder
{
    private static readonly byte[] Salt = "cyberagg-federation-blind-v1"u8.ToArray();
    private readonly byte[] secret;
    private readonly ConcurrentDictionary<long, byte[]> keys = new();

    public IndicatorBlinder(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 32)
        {
            throw new ArgumentException("The blinding secret must be at least 32 bytes.", nameof(secret));
        }

        this.secret = secret.ToArray();
    }

    /// <summary>The token of <paramref name="value"/> of <paramref name="kind"/> in <paramref name="epoch"/>: 32 lowercase hex digits.</summary>
    public string Blind(long epoch, string kind, string value)
    {
        var key = keys.GetOrAdd(epoch, e => HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, Salt, Encoding.ASCII.GetBytes("epoch " + e.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var kindBytes = Encoding.UTF8.GetBytes(kind);
        var valueBytes = Encoding.UTF8.GetBytes(value);
        var input = new byte[8 + kindBytes.Length + valueBytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input, kindBytes.Length);
        kindBytes.CopyTo(input, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(4 + kindBytes.Length), valueBytes.Length);
        valueBytes.CopyTo(input, 8 + kindBytes.Length);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, input, mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
