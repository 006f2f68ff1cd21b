using CyberAgg.Bench.Baselines;
using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Report;

/// <summary>The two baselines measured in the same run: the raw consume ceiling and the scheduled SQL query.</summary>
public sealed record BaselineFigures(
    long RawConsumeEvents,
    long RawConsumeMessages,
    double RawConsumeSeconds,
    double RawConsumeEventsPerSecond,
    double SqlPeriodSeconds,
    string SqlQuery,
    int SqlRuns,
    double SqlQueryP50Ms,
    double SqlQueryMaxMs,
    LatencySummary SqlDetectionAtPeak,
    LatencySummary SqlDetectionAtLoad,
    IReadOnlyList<SqlRun> Runs);
