namespace CyberAgg.Rules.Correlation;

/// <summary>Size and health of the correlation state, for metrics.</summary>
public readonly record struct CorrelationStatistics(
    int Groups,
    long Observations,
    long ApproximateBytes,
    long LateEvents,
    long EvictedGroups,
    long ExpiredGroups,
    long DroppedObservations,
    long SuppressedObservations,
    long OutOfWindowObservations,
    long AlertsRaised)
{
    /// <summary>Events waiting for the watermark.</summary>
    public int BufferedEvents { get; init; }

    /// <summary>Events seen again (same id and time) and counted once.</summary>
    public long DuplicateEvents { get; init; }

    /// <summary>Alerts raised early, ahead of the watermark (<see cref="CorrelationOptions.EarlyFiring"/>).</summary>
    public long EarlyAlerts { get; init; }

    /// <summary>Early alerts the watermark's decision revised (same id, different evidence).</summary>
    public long EarlyRevised { get; init; }

    /// <summary>Early alerts no decision of the watermark matched (their evidence went to another alert's window).</summary>
    public long EarlyUnmatched { get; init; }
}
