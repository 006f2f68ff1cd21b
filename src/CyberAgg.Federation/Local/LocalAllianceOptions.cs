using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Federation.Local;

/// <summary>How to run a whole alliance on one machine (the demo and the end-to-end tests).</summary>
public sealed class LocalAllianceOptions
{
    /// <summary>The nodes; each gets its own embedded Kafka and ClickHouse database.</summary>
    public required IReadOnlyList<NodeSpec> Nodes { get; init; }

    /// <summary>The embedded ClickHouse (URL and password); nodes and central mode each get a database of their own.</summary>
    public required ClickHouseOptions ClickHouse { get; init; }

    /// <summary>
    /// Each node's own ClickHouse (its database <c>cyberagg</c>), when the caller runs one per node (the demo starts a
    /// child process each); null: the nodes get a database of their own in <see cref="ClickHouse"/> (tests: chDB keeps
    /// one storage per process).
    /// </summary>
    public Func<NodeSpec, CancellationToken, Task<ClickHouseOptions>>? NodeClickHouse { get; init; }

    /// <summary>Database names start with this, e.g. <c>sov_</c> gives <c>sov_central</c>, <c>sov_ee_node</c>.</summary>
    public string DatabasePrefix { get; init; } = "sov_";

    public required RuleSet Rules { get; init; }

    /// <summary>Correlator settings shared by central mode and the nodes (lateness, idle timeout).</summary>
    public required CorrelatorOptions Correlator { get; init; }

    /// <summary>Ingest trust and partner keys; each node gets the keys of its own partners only.</summary>
    public required IngestOptions Ingest { get; init; }

    public TimeSpan Epoch { get; init; } = TimeSpan.FromDays(1);

    public TimeSpan Bucket { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan NodeIdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every node's release agreements for the clear-value exchange; none: every request is refused.</summary>
    public IReadOnlyList<ReleaseAgreementOptions> ReleaseAgreements { get; init; } = [];

    /// <summary>oprf mode (<c>federation.blinding: oprf</c>): the first two nodes are key services with a share each, no node holds the key.</summary>
    public bool Oprf { get; init; }

    /// <summary>Also run central mode on the same events, to compare detections.</summary>
    public bool Central { get; init; } = true;
}
