namespace CyberAgg.Bench.Report;

/// <summary>Events per second over the last second, at a time into the run: the plot's data.</summary>
public sealed record RateSample(double Seconds, string Phase, double Produced, double Consumed, double Stored);
