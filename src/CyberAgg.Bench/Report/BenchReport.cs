using CyberAgg.Bench.Latency;
using CyberAgg.Bench.Measurement;

namespace CyberAgg.Bench.Report;

/// <summary>Everything one <c>cyberagg bench</c> run measured; serialised as the JSON report.</summary>
public sealed record BenchReport(
    BenchSettings Settings,
    IReadOnlyList<StageRate> Stages,
    double EndToEndEventsPerSecond,
    double DrainEventsPerSecond,
    LatencyFigures Latency,
    BaselineFigures Baselines,
    Ratios Ratios,
    IReadOnlyList<GoalCheck> Goals,
    IReadOnlyList<PhaseUsage> Cpu,
    double PeakRssMib,
    long Alerts,
    IReadOnlyList<RateSample> Samples)
{
    /// <summary>The markdown summary, also printed on stdout.</summary>
    public string Markdown { get; init; } = "";

    /// <summary>Every event the run produced: background, load and probes.</summary>
    public long ProducedEvents { get; init; }

    /// <summary>Rows in the run's events table after the last phase (before the storage ceiling adds its own), counted by ClickHouse.</summary>
    public long StoredInClickHouse { get; init; }

    /// <summary>The producer's backlog limit in events (null: none, a Kafka the bench did not start).</summary>
    public long? BacklogLimitEvents { get; init; }

    /// <summary>How often the producer waited for the correlator because of the backlog limit.</summary>
    public long BacklogWaits { get; init; }

    /// <summary>Open correlation groups at the end of the run, as the correlator last reported them.</summary>
    public long StateGroups { get; init; }

    /// <summary>Approximate bytes of that correlation state.</summary>
    public long StateBytes { get; init; }

    /// <summary>Correlation alerts raised early (ahead of the watermark), as the correlator last reported them.</summary>
    public long EarlyAlerts { get; init; }

    /// <summary>Early alerts the watermark's decision revised (same id, the stragglers' evidence).</summary>
    public long EarlyRevised { get; init; }

    /// <summary>Early alerts no decision of the watermark matched.</summary>
    public long EarlyUnmatched { get; init; }

    /// <summary>Per phase, the memory sample with the largest resident set, and what it was made of.</summary>
    public IReadOnlyList<MemorySample> Memory { get; init; } = [];

    /// <summary>Every garbage collection of the run (polled; see GcLog).</summary>
    public IReadOnlyList<GcRecord> Collections { get; init; } = [];

    /// <summary>The load phase's collections, its first three seconds against the rest.</summary>
    public IReadOnlyList<GcWindow> LoadCollections { get; init; } = [];

    /// <summary>The load phase's slowest probes against the others (GC during the wait, when sent); null without probes.</summary>
    public ProbeTail? LoadProbeTail { get; init; }

    /// <summary>
    /// In the load phase, the time each batch of alerts took to be durable in each sink (clickhouse, kafka), from the
    /// correlator's <c>cyberagg.correlator.alert.durability</c>: which one an alert waits for after its rule fired.
    /// </summary>
    public IReadOnlyDictionary<string, LatencySummary> AlertDurabilityAtLoad { get; init; } = new Dictionary<string, LatencySummary>();

    /// <summary>The correlator's CPU per event by stage, storage excluded.</summary>
    public StageCpu StageCpu { get; init; } = new(0, 0, 0, 0, 0);
}
