using CyberAgg.Bench.Measurement;

namespace CyberAgg.Bench.Report;

/// <summary>CPU used by the process during a phase, and by its thread groups (live threads only).</summary>
public sealed record PhaseUsage(string Phase, double WallSeconds, double CpuSeconds, double CoresUsed, double ExitedThreadsCpuSeconds, IReadOnlyList<ThreadGroupCpu> ThreadGroups);
