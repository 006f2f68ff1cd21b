namespace CyberAgg.Bench.Measurement;

/// <summary>CPU seconds used by the live threads of one name group during a phase.</summary>
public sealed record ThreadGroupCpu(string Group, int Threads, double CpuSeconds);
