using Microsoft.Extensions.Configuration;

namespace CyberAgg.Federation;

/// <summary>This node's role as an OPRF key service (section <c>federation.key_service</c>, docs/sovereign-mode.md).</summary>
public sealed class KeyServiceOptions
{
    /// <summary>The default budget: a node's normal rate of distinct indicator values per epoch, with headroom.</summary>
    public const int DefaultMaxPerEpoch = 100_000;

    /// <summary>This service's key share secret (<c>base64:...</c> or <c>file:PATH</c>, at least 32 bytes); held by this node only.</summary>
    [ConfigurationKeyName("share")]
    public string Share { get; set; } = "";

    /// <summary>Most points this service evaluates per member node per epoch; a request that would exceed it is refused.</summary>
    [ConfigurationKeyName("max_per_epoch")]
    public int MaxPerEpoch { get; set; } = DefaultMaxPerEpoch;
}
