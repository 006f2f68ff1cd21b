namespace CyberAgg.Sharing.Configuration;

/// <summary>One API credential of a principal: the hash of its token and, optionally, when it stops being accepted.</summary>
/// <param name="Hash">SHA-256 of the token; the token itself is never stored.</param>
/// <param name="Expires">The instant from which the token is refused; null: until it is removed from sharing.yaml.</param>
public sealed record CredentialDefinition(CredentialHash Hash, DateTimeOffset? Expires)
{
    public bool IsActiveAt(DateTimeOffset now) => Expires is not { } expires || now < expires;
}
