namespace CyberAgg.Bench.Report;

/// <summary>
/// One stage's figures: events over wall-clock seconds (what flowed through), and where the stage records its own
/// time, events over the seconds spent in it (its capacity if it ran alone).
/// </summary>
public sealed record StageRate(string Stage, long Events, double WallSeconds, double EventsPerSecond, double? BusySeconds, double? CapacityEventsPerSecond, string Note);
