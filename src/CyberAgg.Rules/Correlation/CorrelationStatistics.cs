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
    long AlertsRaised);
