namespace CyberAgg.Bench.Report;

/// <summary>One garbage collection: when (phase, seconds into it, to the poll), which generation, how it ran, what it cost.</summary>
public sealed record GcRecord(long Index, string Phase, double SecondsIntoPhase, int Generation, bool Background, bool Compacted, double PauseMs, double PromotedMib);

/// <summary>The collections of a stretch of a phase: how many of each kind, the pause they added up to, and the longest.</summary>
public sealed record GcWindow(
    string Window,
    int Collections,
    int Gen0,
    int Gen1,
    int Gen2Blocking,
    int Gen2Background,
    double PauseMs,
    double LargestPauseMs,
    int LargestGeneration,
    double LargestPromotedMib);
