using CyberAgg.Bench.Measurement;

namespace CyberAgg.Bench.Report;

/// <summary>
/// CPU used by the process during a phase, and by its thread groups (live threads only); and the JIT's part: methods
/// compiled (every tier) and the time spent compiling them, which a warm phase should show near zero.
/// </summary>
public sealed record PhaseUsage(string Phase, double WallSeconds, double CpuSeconds, double CoresUsed, double ExitedThreadsCpuSeconds, IReadOnlyList<ThreadGroupCpu> ThreadGroups, long JitMethods = 0, double JitSeconds = 0);
