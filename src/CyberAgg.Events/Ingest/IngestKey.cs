namespace CyberAgg.Events.Ingest;

/// <summary>A partner's HMAC-SHA256 ingest key, named by a key id so keys can rotate with old and new valid side by side.</summary>
public sealed class IngestKey
{
    /// <summary>Shorter secrets make HMAC-SHA256 guessable; 32 random bytes is the recommendation.</summary>
    public const int MinSecretBytes = 16;

    private readonly byte[] _secret;

    /// <param name="partner">Partner id, e.g. <c>ee-cert</c>.</param>
    /// <param name="keyId">Key id carried in each batch header, e.g. <c>2025-01</c>.</param>
    /// <param name="secret">The shared secret; copied.</param>
    /// <param name="country">When set, batches signed with this key must claim this ISO alpha-2 country.</param>
    public IngestKey(string partner, string keyId, ReadOnlySpan<byte> secret, string? country = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(partner);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (secret.Length < MinSecretBytes)
        {
            throw new ArgumentException($"An ingest key needs at least {MinSecretBytes} bytes of secret.", nameof(secret));
        }

        Partner = partner;
        KeyId = keyId;
        Country = country?.ToUpperInvariant();
        _secret = secret.ToArray();
    }

    public string Partner { get; }

    public string KeyId { get; }

    public string? Country { get; }

    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>Never prints the secret: keys end up in logs through string interpolation.</summary>
    public override string ToString() => $"IngestKey(partner={Partner}, keyId={KeyId})";
}
