namespace CyberAgg.Bench.Latency;

/// <summary>Percentiles of a latency sample in milliseconds; <see cref="Missed"/> probes never reached the stage in the run.</summary>
public sealed record LatencySummary(int Samples, int Missed, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Nearest-rank percentiles, so every figure is a latency that was really observed.</summary>
    public static LatencySummary Of(IEnumerable<double> milliseconds, int expected)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return Empty with { Missed = expected };
        }

        return new LatencySummary(
            sorted.Length, Math.Max(0, expected - sorted.Length),
            Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
