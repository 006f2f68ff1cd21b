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
}
