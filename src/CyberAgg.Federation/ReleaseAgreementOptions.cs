using Microsoft.Extensions.Configuration;

namespace CyberAgg.Federation;

/// <summary>
/// One release agreement of this node (an item of <c>federation.release_agreements</c>): to which requesting nodes it
/// gives the clear value behind a token of its own, for which indicator kinds, up to which TLP.
/// </summary>
public sealed class ReleaseAgreementOptions
{
    /// <summary>Recorded in both nodes' audit rows of every exchange it decides.</summary>
    [ConfigurationKeyName("id")]
    public string Id { get; set; } = "";

    /// <summary>Requesting node ids, ISO country codes of member nodes, or <c>*</c>. AMBER+STRICT needs the node id itself.</summary>
    [ConfigurationKeyName("to")]
    public List<string> To { get; set; } = [];

    /// <summary>Indicator kinds released (the correlation rules' group-by names, e.g. <c>source.ip</c>), or <c>*</c>.</summary>
    [ConfigurationKeyName("kinds")]
    public List<string> Kinds { get; set; } = [];

    /// <summary>The strictest TLP released: CLEAR, GREEN, AMBER or AMBER+STRICT (RED never is).</summary>
    [ConfigurationKeyName("max_tlp")]
    public string MaxTlp { get; set; } = "AMBER";
}
