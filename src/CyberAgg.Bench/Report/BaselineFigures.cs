using CyberAgg.Bench.Baselines;
using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Report;

/// <summary>The baselines measured in the same run: the raw consume ceiling, the scheduled SQL query and the storage ceiling.</summary>
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
    IReadOnlyList<SqlRun> Runs)
{
    /// <summary>Baseline (c): events inserted straight into the events table, no Kafka, no correlator.</summary>
    public long StorageCeilingEvents { get; init; }

    public double StorageCeilingSeconds { get; init; }

    public double StorageCeilingEventsPerSecond { get; init; }
}
