namespace CyberAgg.Federation.Local;

/// <summary>Sovereign mode against central mode on the same events: detections, what crossed the alliance, added latency.</summary>
/// <param name="Central">Central mode's correlation alerts, as <c>rule|indicator|countries</c>.</param>
/// <param name="Sovereign">The same keys of the nodes' alerts, from the nodes that saw the indicator.</param>
/// <param name="Missed">In central mode, not in sovereign mode.</param>
/// <param name="Extra">In sovereign mode, not in central mode.</param>
/// <param name="AllianceMessages">Messages published on the alliance topics.</param>
/// <param name="AllianceBytes">Bytes published on the alliance topics (values and headers).</param>
/// <param name="AddedLatencyP99">p99 over (node, alert) of the node's raise time less central mode's; null when nothing matched.</param>
/// <param name="AddedLatencyP50">The median of the same differences.</param>
/// <param name="LatencySamples">How many (node, alert) pairs the p99 is over.</param>
public sealed record SovereignComparison(
    IReadOnlyList<string> Central,
    IReadOnlyList<string> Sovereign,
    IReadOnlyList<string> Missed,
    IReadOnlyList<string> Extra,
    long AllianceMessages,
    long AllianceBytes,
    TimeSpan? AddedLatencyP99,
    TimeSpan? AddedLatencyP50,
    int LatencySamples);
