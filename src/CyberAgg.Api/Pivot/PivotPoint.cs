namespace CyberAgg.Api.Pivot;

/// <summary>Events in the hour starting at <see cref="T"/> (event time).</summary>
public sealed record PivotPoint(DateTimeOffset T, long N);
