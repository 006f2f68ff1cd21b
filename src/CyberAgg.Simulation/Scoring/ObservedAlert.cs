using CyberAgg.Events.Alerts;

namespace CyberAgg.Simulation.Scoring;

/// <summary>An alert as an exercise observer received it: on which topic, and when (stopwatch timestamp).</summary>
public sealed record ObservedAlert(Alert Alert, string Topic, long ReceivedTimestamp);
