namespace CyberAgg.Sharing.Configuration;

/// <summary>A cooperating partner (a national CERT or SOC) as declared in <c>sharing.yaml</c>.</summary>
/// <param name="Id">Lower-case id, also the suffix of its feed topic <c>cyberagg.alerts.&lt;id&gt;.v1</c>.</param>
/// <param name="Country">ISO 3166-1 alpha-2 code.</param>
/// <param name="DisplayName">Shown in the dashboard and in STIX identities.</param>
/// <param name="CredentialHash">SHA-256 of the partner's first API token; the token itself is never stored.</param>
public sealed record PartnerDefinition(string Id, string Country, string DisplayName, CredentialHash CredentialHash)
{
    /// <summary>Every credential of the partner, several during a rotation; by default the one <see cref="CredentialHash"/>, without expiry.</summary>
    public IReadOnlyList<CredentialDefinition> Credentials { get; init; } = [new(CredentialHash, null)];
}
