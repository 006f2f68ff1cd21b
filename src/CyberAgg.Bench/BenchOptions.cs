namespace CyberAgg.Bench;

/// <summary>What one <c>cyberagg bench</c> run does: workload size and shape, endpoints, baselines and outputs.</summary>
public sealed class BenchOptions
{
    /// <summary>Background events pushed in the peak phase.</summary>
    public int Events { get; set; } = 1_000_000;

    /// <summary>
    /// Events pushed end to end before the peak phase, drawn from indicators of their own (so the peak still raises
    /// every first alert) and stamped before it; null: a fifth of <see cref="Events"/>, at most 200,000. The peak then
    /// measures the steady state, with the hot paths tiered up by the JIT as they are for the storage ceiling, which runs
    /// last: with only the warm-up probe, tier-1 compilation took 4-5 of the peak phase's ~40 CPU seconds.
    /// </summary>
    public int? WarmupEvents { get; set; }

    /// <summary>The warm-up's events: <see cref="WarmupEvents"/>, or its default.</summary>
    public int WarmupEventsOrDefault => WarmupEvents ?? Math.Min(200_000, Events / 5);

    /// <summary>
    /// After the warm-up's events, at most this many more rounds of a quarter of them, until a round compiles fewer than
    /// <see cref="SettledJitMethods"/> methods: 200,000 events once still left 5,400-5,700 compilations (tier-ups and
    /// first calls, 4-7 CPU s on the tier-up thread) to the peak phase, while the storage ceiling runs warm.
    /// 0: the warm-up's events once.
    /// </summary>
    public int WarmupRounds { get; set; } = 6;

    /// <summary>A warm-up round that compiles fewer methods than this ends the warm-up: the JIT has settled.</summary>
    public const int SettledJitMethods = 200;

    /// <summary>Events per signed agent batch (one Kafka message).</summary>
    public int EventsPerMessage { get; set; } = 500;

    /// <summary>Distinct source IPs the background events draw from (the correlation state's group count).</summary>
    public int Indicators { get; set; } = 10_000;

    /// <summary>Rule folders; the shipped rule set when empty.</summary>
    public List<string> Rules { get; } = [];

    /// <summary>External Kafka bootstrap; null starts the embedded Kafka on a free port.</summary>
    public string? Kafka { get; set; }

    /// <summary>External ClickHouse HTTP URL; null starts the embedded ClickHouse on a free port.</summary>
    public string? ClickHouse { get; set; }

    /// <summary>Password of the external ClickHouse; null: <c>CYBERAGG_CLICKHOUSE_PASSWORD</c> or the embedded server's file.</summary>
    public string? ClickHousePassword { get; set; }

    /// <summary>Partitions of the benchmark topic (created per run).</summary>
    public int Partitions { get; set; } = 6;

    /// <summary>Period of the scheduled-SQL baseline (today's SIEM approach).</summary>
    public TimeSpan SqlPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Load of the latency phase: a fraction of the measured peak (≤ 1), or events/s (&gt; 1).</summary>
    public double Rate { get; set; } = 0.7;

    /// <summary>Length of the rate-limited latency phase.</summary>
    public TimeSpan LatencyDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a cross-border probe (two events, two countries, a fresh indicator) is injected.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often ClickHouse is polled for probes becoming queryable (outside the peak phase; see <see cref="PeakQueryablePollInterval"/>).</summary>
    public TimeSpan QueryablePollInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// The poll interval in the peak phase: <see cref="QueryablePollInterval"/>, at least 250 ms. Queued behind the
    /// backlog, probes become queryable seconds after they are sent, and a query every 25 ms over the growing events
    /// table took about 5 of the peak's 25-30 CPU seconds from the pipeline it measures.
    /// </summary>
    public TimeSpan PeakQueryablePollInterval => QueryablePollInterval > TimeSpan.FromMilliseconds(250) ? QueryablePollInterval : TimeSpan.FromMilliseconds(250);

    /// <summary>The correlator's batch size (correlator.batch_max_events).</summary>
    public int BatchMaxEvents { get; set; } = 50_000;

    /// <summary>Events the correlator gathers for one ClickHouse insert (correlator.store_batch_events).</summary>
    public int StoreBatchEvents { get; set; } = new CyberAgg.Correlator.CorrelatorOptions().StoreBatchEvents;

    /// <summary>The longest the correlator gathers events for one insert (correlator.store_linger).</summary>
    public TimeSpan StoreLinger { get; set; } = new CyberAgg.Correlator.CorrelatorOptions().StoreLinger;

    /// <summary>The correlator's batch linger (correlator.batch_linger): the product's default, which bounds event-to-alert latency.</summary>
    public TimeSpan BatchLinger { get; set; } = new CyberAgg.Correlator.CorrelatorOptions().BatchLinger;

    /// <summary>Folder for the embedded ClickHouse data; a fresh temporary folder, deleted afterwards, when null.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Longest wait for the pipeline to store everything a phase produced.</summary>
    /// <summary>
    /// The correlator's allowed lateness. Correlation waits this long in event time after the evidence, so it bounds
    /// event-to-alert latency from below; 1 s covers the producer's jitter between partitions.
    /// </summary>
    public TimeSpan Lateness { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Lower-bound correlations alert from the events in hand, ahead of the watermark (correlator.early_firing).</summary>
    public bool EarlyFiring { get; set; } = true;

    /// <summary>
    /// Only events stamped at most this far behind the wall clock fire early (correlator.early_firing_horizon); null:
    /// the lateness, as in production. The peak phase is a backlog, so by default it leaves its alerts to the watermark.
    /// </summary>
    public TimeSpan? EarlyFiringHorizon { get; set; }

    public TimeSpan PhaseTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the flag to change.</summary>
    public void Validate()
    {
        Check(Events >= 1_000, "--events must be at least 1000.");
        Check(WarmupEvents is null or >= 0, "--warmup-events must be zero or more (0: only the warm-up probe).");
        Check(WarmupRounds is >= 0 and <= 100, "--warmup-rounds must be 0..100 (0: the warm-up's events once).");
        Check(EventsPerMessage is >= 1 and <= 10_000, "--events-per-message must be 1..10000 (the batch format's limit).");
        Check(Indicators >= 1, "--indicators must be at least 1.");
        Check(Partitions is >= 1 and <= 256, "--partitions must be 1..256.");
        Check(SqlPeriod > TimeSpan.Zero, "--sql-period must be above zero.");
        Check(Rate > 0, "--rate must be above zero: a fraction of peak (0.7) or events/s (50000).");
        Check(LatencyDuration >= TimeSpan.FromSeconds(1), "--latency-duration must be at least 1 s.");
        Check(ProbeInterval >= TimeSpan.FromMilliseconds(5), "--probe-interval must be at least 5 ms.");
        Check(QueryablePollInterval >= TimeSpan.FromMilliseconds(5), "--queryable-poll-interval must be at least 5 ms.");
        Check(Lateness >= TimeSpan.Zero, "--lateness must be zero or more milliseconds.");
        Check(EarlyFiringHorizon is not { } h || h >= TimeSpan.Zero, "--early-firing-horizon must be zero or more milliseconds.");
        Check(StoreBatchEvents is >= 1 and <= 10_000_000, "--store-batch-events must be 1..10000000 (50000-500000 suits ClickHouse).");
        Check(StoreLinger > TimeSpan.Zero && StoreLinger <= TimeSpan.FromMinutes(5), "--store-linger must be above 0 and at most 300000 milliseconds.");
        foreach (var folder in Rules)
        {
            Check(Directory.Exists(folder), $"--rules folder '{folder}' does not exist.");
        }
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}
