namespace CyberAgg.Bench.Report;

/// <summary>What was run, on what, so a figure can be reproduced and compared.</summary>
public sealed record BenchSettings(
    string Command,
    string StartedAt,
    int ProcessorCount,
    string Os,
    string Runtime,
    string Infrastructure,
    string ProcessModel,
    int Events,
    int EventsPerMessage,
    int Indicators,
    int Partitions,
    int DetectionRules,
    int CorrelationRules,
    int BatchMaxEvents,
    double BatchLingerMs,
    double ProbeIntervalMs)
{
    /// <summary>Events pushed end to end before the peak phase (indicators of their own), not in any timed figure.</summary>
    public int WarmupEvents { get; init; }

    /// <summary>The most warm-up rounds after the first (<c>--warmup-rounds</c>), until the JIT settles.</summary>
    public int WarmupRounds { get; init; }

    /// <summary>Events the warm-up produced in all its rounds.</summary>
    public long WarmupProduced { get; init; }

    /// <summary>The correlator's allowed lateness: the floor of event-to-alert latency.</summary>
    public double LatenessMs { get; init; }

    /// <summary>Events per ClickHouse insert of the correlator (correlator.store_batch_events).</summary>
    public int StoreBatchEvents { get; init; }

    /// <summary>The longest the correlator gathers events for one insert (correlator.store_linger).</summary>
    public double StoreLingerMs { get; init; }

    /// <summary>Whether lower-bound correlations fired from the events in hand (correlator.early_firing).</summary>
    public bool EarlyFiring { get; init; }

    /// <summary>How far behind the wall clock an event may be stamped and still fire early (correlator.early_firing_horizon).</summary>
    public double EarlyFiringHorizonMs { get; init; }
}
