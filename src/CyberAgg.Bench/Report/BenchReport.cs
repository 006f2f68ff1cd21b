using CyberAgg.Bench.Measurement;

namespace CyberAgg.Bench.Report;

/// <summary>Everything one <c>cyberagg bench</c> run measured; serialised as the JSON report.</summary>
public sealed record BenchReport(
    BenchSettings Settings,
    IReadOnlyList<StageRate> Stages,
    double EndToEndEventsPerSecond,
    double DrainEventsPerSecond,
    LatencyFigures Latency,
    BaselineFigures Baselines,
    Ratios Ratios,
    IReadOnlyList<GoalCheck> Goals,
    IReadOnlyList<PhaseUsage> Cpu,
    double PeakRssMib,
    long Alerts,
    IReadOnlyList<RateSample> Samples)
{
    /// <summary>The markdown summary, also printed on stdout.</summary>
    public string Markdown { get; init; } = "";

    /// <summary>The correlator's CPU per event by stage, storage excluded.</summary>
    public StageCpu StageCpu { get; init; } = new(0, 0, 0, 0, 0);
}
