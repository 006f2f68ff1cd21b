namespace CyberAgg.Api.Pivot;

/// <summary>Events of one partner that carry the indicator, per hour of event time.</summary>
public sealed record PivotSighting(string Partner, string Country, long Events, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<PivotPoint> Points);
