namespace CyberAgg.Api.Health;

/// <summary>
/// One partner or sensor: the event time of its newest event, when CyberAgg last received one (wall clock), events received
/// in the recent window and its own baseline per window over the day before, and what that means.
/// </summary>
public sealed record SourceHealth(
    string Partner,
    string Country,
    string? Sensor,
    DateTimeOffset? LastEventAt,
    DateTimeOffset? LastReceivedAt,
    long Recent,
    double Baseline,
    string State);
