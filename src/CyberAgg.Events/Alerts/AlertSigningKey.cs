using System.Security.Cryptography;

namespace CyberAgg.Events.Alerts;

/// <summary>An HMAC-SHA256 key that signs alerts on Kafka; its id is derived from the secret, so ids never disagree.</summary>
public sealed class AlertSigningKey
{
    private readonly byte[] secret;

    public AlertSigningKey(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < 16)
        {
            throw new ArgumentException("An alert signing key needs at least 16 bytes (128 bits).", nameof(secret));
        }

        this.secret = secret;
        Id = Convert.ToHexStringLower(SHA256.HashData(secret).AsSpan(0, 4));
    }

    /// <summary>Eight hex digits naming the key in the signature header, for rotation.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Secret => secret;

    /// <summary>A fresh random key.</summary>
    public static AlertSigningKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The key that signs, and verifies, the feed of one partner (<c>cyberagg.alerts.&lt;partner&gt;.v1</c>): derived from
    /// this key and the partner id, so a partner given its feed key can verify its own feed but forge nothing else.
    /// </summary>
    public AlertSigningKey ForPartnerFeed(string partner)
    {
        ArgumentException.ThrowIfNullOrEmpty(partner);
        return new AlertSigningKey(HMACSHA256.HashData(secret, System.Text.Encoding.UTF8.GetBytes("cyberagg-partner-feed\0" + partner)));
    }

    /// <summary>The secret as base64, for handing a partner its feed key; never log it.</summary>
    public string ExportBase64() => Convert.ToBase64String(secret);

    /// <summary>Never prints the key material.</summary>
    public override string ToString() => $"alert signing key {Id}";
}
