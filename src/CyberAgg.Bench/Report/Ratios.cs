namespace CyberAgg.Bench.Report;

/// <summary>The run against its baselines: throughput against raw consume, latency against scheduled SQL.</summary>
public sealed record Ratios(double EndToEndToRawConsume, double DrainToRawConsume, double SqlToCorrelatorP50, double SqlToCorrelatorP99)
{
    /// <summary>End to end over baseline (c): what correlation costs on top of storing.</summary>
    public double EndToEndToStorageCeiling { get; init; }
}
