using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Report;

/// <summary>Probe latencies at peak (backlogged) and in the rate-limited phase, from the probe's send time.</summary>
public sealed record LatencyFigures(
    double LoadTargetEventsPerSecond,
    double LoadAchievedEventsPerSecond,
    double LoadFractionOfPeak,
    LatencySummary EventToAlertAtPeak,
    LatencySummary EventToAlertAtLoad,
    LatencySummary EventToQueryableAtPeak,
    LatencySummary EventToQueryableAtLoad);
