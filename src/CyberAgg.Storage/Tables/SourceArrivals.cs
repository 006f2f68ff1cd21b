namespace CyberAgg.Storage.Tables;

/// <summary>
/// Arrivals from one sensor of one partner: the event time of its newest event, when the newest one was received
/// (wall clock), events received in the recent window, and events received before it within the look-back.
/// </summary>
public readonly record struct SourceArrivals(string Partner, string Sensor, DateTimeOffset LastEvent, DateTimeOffset LastReceived, long Recent, long Before);
