namespace CyberAgg.Sharing.Configuration;

/// <summary>A pseudonymisation key; a new id starts a new key period, so rotating means adding a key and pointing agreements at it.</summary>
public sealed class PseudonymKey
{
    private readonly byte[] secret;

    public PseudonymKey(string id, byte[] secret)
    {
        Id = id;
        this.secret = secret;
    }

    public string Id { get; }

    internal ReadOnlySpan<byte> Secret => secret;

    /// <summary>Never prints the key material.</summary>
    public override string ToString() => $"pseudonym key {Id}";
}
