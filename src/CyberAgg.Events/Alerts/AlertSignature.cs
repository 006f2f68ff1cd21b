using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Events.Alerts;

/// <summary>
/// Signs and verifies alert messages on Kafka. The header <see cref="HeaderName"/> holds
/// <c>v1 &lt;key id&gt; &lt;base64 HMAC-SHA256&gt;</c> over the topic and the message value, so a message cannot be
/// forged, altered, or copied from one topic (the central one, a partner's feed) to another.
/// </summary>
public static class AlertSignature
{
    /// <summary>The Kafka header that carries the signature.</summary>
    public const string HeaderName = "cyberagg-signature";

    private const string Version = "v1";

    /// <summary>The header value for <paramref name="value"/> on <paramref name="topic"/>.</summary>
    public static byte[] Sign(AlertSigningKey key, string topic, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Encoding.ASCII.GetBytes($"{Version} {key.Id} {Convert.ToBase64String(Mac(key, topic, value))}");
    }

    /// <summary>Checks <paramref name="header"/> against the keys in <paramref name="keys"/>; returns the reason when it does not verify.</summary>
    /// <returns>Null when the signature is valid; otherwise <c>unsigned</c>, <c>unknown_key</c> or <c>bad_signature</c>.</returns>
    public static string? Verify(AlertKeyRing keys, string topic, ReadOnlySpan<byte> value, ReadOnlySpan<byte> header)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (header.IsEmpty)
        {
            return Unsigned;
        }

        var parts = Encoding.ASCII.GetString(header).Split(' ');
        if (parts.Length != 3 || parts[0] != Version)
        {
            return BadSignature;
        }

        if (keys.Find(parts[1]) is not { } key)
        {
            return UnknownKey;
        }

        Span<byte> given = stackalloc byte[32];
        if (!Convert.TryFromBase64String(parts[2], given, out var written) || written != 32)
        {
            return BadSignature;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(key, topic, value)) ? null : BadSignature;
    }

    /// <summary>Dead-letter reason: no signature header.</summary>
    public const string Unsigned = "unsigned";

    /// <summary>Dead-letter reason: signed with a key this component does not hold.</summary>
    public const string UnknownKey = "unknown_key";

    /// <summary>Dead-letter reason: the signature does not match the message.</summary>
    public const string BadSignature = "bad_signature";

    private static byte[] Mac(AlertSigningKey key, string topic, ReadOnlySpan<byte> value)
    {
        var prefix = Encoding.UTF8.GetBytes("cyberagg-alert-v1\0" + topic + "\0");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.Secret);
        hmac.AppendData(prefix);
        hmac.AppendData(value);
        return hmac.GetHashAndReset();
    }
}
