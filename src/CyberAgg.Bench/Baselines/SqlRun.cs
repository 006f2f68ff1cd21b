namespace CyberAgg.Bench.Baselines;

/// <summary>One run of the scheduled cross-border query: when it started (seconds into the run), how long it took, rows found.</summary>
public sealed record SqlRun(string Phase, double StartedAtSeconds, double DurationMs, int Indicators);
