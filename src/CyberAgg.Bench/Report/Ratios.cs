namespace CyberAgg.Bench.Report;

/// <summary>The run against its baselines: throughput against raw consume, latency against scheduled SQL.</summary>
public sealed record Ratios(double EndToEndToRawConsume, double DrainToRawConsume, double SqlToCorrelatorP50, double SqlToCorrelatorP99);
