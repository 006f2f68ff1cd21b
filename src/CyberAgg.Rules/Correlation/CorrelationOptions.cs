namespace CyberAgg.Rules.Correlation;

/// <summary>Bounds and knobs for <see cref="CorrelationEngine"/>.</summary>
public sealed class CorrelationOptions
{
    public static CorrelationOptions Default { get; } = new();

    /// <summary>
    /// How far behind the highest event time seen an event may be and still count. The watermark is
    /// the highest event time minus this bound; older events are counted as late and not correlated.
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Lower bounds (<c>gt</c>, <c>gte</c>, temporal) fire as soon as the events in hand make them true, ahead of the
    /// watermark, instead of one allowed lateness later; the watermark then confirms or revises each such alert (see
    /// <see cref="CorrelationAlert.Early"/>). Off: every alert waits for the watermark.
    /// </summary>
    public bool EarlyFiring { get; init; }

    /// <summary>
    /// With <see cref="EarlyFiring"/>, only events stamped at most this far behind the wall clock (the engine's
    /// <see cref="TimeProvider"/>) fire early: a live stream, where waiting for the watermark is what delays an alert.
    /// Older events (a replay, a backlog after an outage) wait for the watermark, which reading a backlog moves as fast
    /// as it is read; early alerts there would mostly be revised as later partitions catch up, and each event would
    /// cost a second window. Null: every event fires early.
    /// </summary>
    public TimeSpan? EarlyFiringHorizon { get; init; }

    /// <summary>Most groups kept per correlation rule; the least recently updated group is evicted beyond it.</summary>
    public int MaxGroupsPerRule { get; init; } = 100_000;

    /// <summary>Most observations kept per group; the oldest are dropped (and counted) beyond it.</summary>
    public int MaxObservationsPerGroup { get; init; } = 10_000;

    /// <summary>Most evidence event ids carried on one alert.</summary>
    public int MaxEvidenceEvents { get; init; } = 50;

    /// <summary>Fields whose distinct values every alert reports besides the rule's own value field.</summary>
    public IReadOnlyList<string> ContextFields { get; init; } = ["observer.country", "observer.partner"];

    /// <summary>How far the watermark moves between sweeps that drop expired groups.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AllowedLateness, TimeSpan.Zero);
        if (EarlyFiringHorizon is { } horizon)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(horizon, TimeSpan.Zero, nameof(EarlyFiringHorizon));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGroupsPerRule, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxObservationsPerGroup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEvidenceEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(ContextFields);
    }
}
