using Microsoft.Extensions.Configuration;

namespace CyberAgg.Federation;

/// <summary>One member node of the alliance (an item of <c>federation.members</c>).</summary>
public sealed class FederationMemberOptions
{
    [ConfigurationKeyName("node")]
    public string Node { get; set; } = "";

    [ConfigurationKeyName("country")]
    public string Country { get; set; } = "";

    /// <summary>The node's ECDSA P-256 public key (SubjectPublicKeyInfo, <c>base64:...</c> or <c>file:PATH</c> to a PEM).</summary>
    [ConfigurationKeyName("public_key")]
    public string PublicKey { get; set; } = "";
}
