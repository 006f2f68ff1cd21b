namespace CyberAgg.Bench.Latency;

/// <summary>The process's garbage collections so far: total pause time and collections of generations 1 and 2.</summary>
internal readonly record struct GcMark(TimeSpan Pause, int Gen1, int Gen2)
{
    public static GcMark Now() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(1), GC.CollectionCount(2));
}
