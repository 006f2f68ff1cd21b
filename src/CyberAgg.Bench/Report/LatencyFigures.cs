using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Report;

/// <summary>
/// Probe latencies at peak (backlogged) and in the rate-limited phase, from the probe's send time; "raised" is when the
/// rule fired, before the alert was stored and published, so alert minus raised is what making it durable costs.
/// </summary>
public sealed record LatencyFigures(
    double LoadTargetEventsPerSecond,
    double LoadAchievedEventsPerSecond,
    double LoadFractionOfPeak,
    LatencySummary EventToAlertAtPeak,
    LatencySummary EventToAlertAtLoad,
    LatencySummary EventToQueryableAtPeak,
    LatencySummary EventToQueryableAtLoad,
    LatencySummary EventToRaisedAtLoad);
