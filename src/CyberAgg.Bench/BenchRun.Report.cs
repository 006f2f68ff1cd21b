using System.Globalization;
using System.Runtime.InteropServices;
using CyberAgg.Bench.Baselines;
using CyberAgg.Bench.Latency;
using CyberAgg.Bench.Measurement;
using CyberAgg.Bench.Report;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Bench;

/// <summary>Turns the phases' figures into the report, with ratios and goals.</summary>
internal sealed partial class BenchRun
{
    private const double GoalEventsPerSecond = 250_000;
    private const double GoalP99Ms = 250;
    private const double GoalRawRatio = 0.5;
    private const double GoalCeilingRatio = 0.8;
    private const double GoalCpuUs = 2;

    private BenchReport BuildReport(
        DateTimeOffset startedAt, RuleSet rules, PeakFigures peak, long rawEvents, long rawMessages, double rawSeconds, LoadFigures load,
        ScheduledSqlBaseline sql, IReadOnlyList<RateSample> samples, StageCpu stageCpu, long ceilingEvents, double ceilingSeconds)
    {
        var settings = new BenchSettings(
            Command, startedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Environment.ProcessorCount,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, Infrastructure,
            "One process: producer, correlator pipeline, baselines and the embedded Kafka and ClickHouse share the machine's cores; CPU is split by thread-name group.",
            options.Events, options.EventsPerMessage, options.Indicators, options.Partitions, rules.DetectionRules.Count, rules.CorrelationRules.Count,
            options.BatchMaxEvents, options.BatchLinger.TotalMilliseconds, options.ProbeInterval.TotalMilliseconds)
        {
            WarmupEvents = options.WarmupEventsOrDefault,
            WarmupRounds = options.WarmupRounds,
            WarmupProduced = warmupProduced,
            LatenessMs = options.Lateness.TotalMilliseconds,
            StoreBatchEvents = options.StoreBatchEvents,
            StoreLingerMs = options.StoreLinger.TotalMilliseconds,
            EarlyFiring = options.EarlyFiring,
            EarlyFiringHorizonMs = earlyHorizon.TotalMilliseconds,
        };

        var evaluate = StageSeconds(peak, "evaluate");
        var store = StageSeconds(peak, "store");
        var commit = StageSeconds(peak, "commit");
        var alertsWait = StageSeconds(peak, "alert");
        // Decode is timed per consumed message (HMAC check, batch decode, clock guard, duplicate check); the Kafka fetch
        // is not. It used to be the end-to-end time left after the other stages, which counted the store twice once it
        // ran beside consumption.
        var decodeBusy = StageSeconds(peak, "decode");
        var drainRate = peak.DrainSeconds > 0 ? peak.DrainEvents / peak.DrainSeconds : 0;
        var rawRate = rawEvents / rawSeconds;
        var ceilingRate = ceilingEvents / ceilingSeconds;
        StageRate[] stages =
        [
            new("produce", peak.ProducedEvents, R(peak.ProduceSeconds), R(peak.ProducedEvents / peak.ProduceSeconds), null, null, "pre-encoded signed batches, idempotent lz4 producer, until all acknowledged"),
            new("consume + decode", peak.ReceivedEvents, R(peak.ReceiveSeconds), R(peak.ReceivedEvents / peak.ReceiveSeconds), R(decodeBusy), Cap(peak.ReceivedEvents, decodeBusy), "Kafka fetch, HMAC check, batch decode (busy: stage 'decode', the fetch not included)"),
            new("correlate", peak.StoredEvents, R(peak.EndToEndSeconds), R(peak.EndToEndRate), R(evaluate), Cap(peak.StoredEvents, evaluate), "Sigma detection + correlation (stage 'evaluate')"),
            new("store", peak.StoredEvents, R(peak.EndToEndSeconds), R(peak.EndToEndRate), R(store), Cap(peak.StoredEvents, store), "ClickHouse inserts of the partitions' ranges, busy while any runs (stage 'store'; the ranges' plans not included)"),
            new("alerts", peak.StoredEvents, R(peak.EndToEndSeconds), R(peak.EndToEndRate), R(alertsWait), Cap(peak.StoredEvents, alertsWait), "each range's wait, after its insert, for the alerts of its batches to be durable (ClickHouse alerts + Kafka; stage 'alert', summed over the partitions' lanes)"),
            new("commit", peak.StoredEvents, R(peak.EndToEndSeconds), R(peak.EndToEndRate), R(commit), Cap(peak.StoredEvents, commit), "Kafka offset commit"),
            new("**end to end**", peak.StoredEvents, R(peak.EndToEndSeconds), R(peak.EndToEndRate), null, null, "first produce → last event stored and correlated"),
            new("drain (producer done)", (long)peak.DrainEvents, R(peak.DrainSeconds), R(drainRate), null, null, "backlog after the producer finished: the correlator alone"),
        ];

        var queries = sql.Runs.Select(r => r.DurationMs).Order().ToArray();
        var baselines = new BaselineFigures(
            rawEvents, rawMessages, R(rawSeconds), R(rawRate), options.SqlPeriod.TotalSeconds, sql.Query, queries.Length,
            queries.Length == 0 ? 0 : R(queries[queries.Length / 2]), queries.Length == 0 ? 0 : R(queries[^1]),
            probes.Summarise("peak", p => p.SqlDetectedAt), probes.Summarise("load", p => p.SqlDetectedAt), sql.Runs)
        {
            StorageCeilingEvents = ceilingEvents,
            StorageCeilingSeconds = R(ceilingSeconds),
            StorageCeilingEventsPerSecond = R(ceilingRate),
        };
        var latency = new LatencyFigures(
            R(load.TargetEventsPerSecond), R(load.AchievedEventsPerSecond), Math.Round(load.TargetEventsPerSecond / peak.EndToEndRate, 2),
            probes.Summarise("peak", p => p.AlertedAt), probes.Summarise("load", p => p.AlertedAt),
            probes.Summarise("peak", p => p.QueryableAt), probes.Summarise("load", p => p.QueryableAt),
            probes.Summarise("load", p => p.RaisedAt));
        var ratios = new Ratios(
            Math.Round(peak.EndToEndRate / rawRate, 4), Math.Round(drainRate / rawRate, 4),
            Math.Round(baselines.SqlDetectionAtLoad.P50Ms / Math.Max(1, latency.EventToAlertAtLoad.P50Ms), 1),
            Math.Round(baselines.SqlDetectionAtLoad.P99Ms / Math.Max(1, latency.EventToAlertAtLoad.P99Ms), 1))
        {
            EndToEndToStorageCeiling = Math.Round(peak.EndToEndRate / ceilingRate, 4),
        };
        var alert = latency.EventToAlertAtLoad;
        GoalCheck[] goals =
        [
            new("end to end, cross-border rules active", "≥ 250,000 events/s", $"{peak.EndToEndRate:N0} events/s", peak.EndToEndRate >= GoalEventsPerSecond),
            new("p99 event → alert at 70 % of peak", "≤ 250 ms", $"{alert.P99Ms:N0} ms at {latency.LoadFractionOfPeak:P0} of peak ({alert.Samples} probes, {alert.Missed} missed)", alert.Samples > 0 && alert.Missed == 0 && alert.P99Ms <= GoalP99Ms),
            new("correlator / raw consume", "≥ 0.5", $"{ratios.EndToEndToRawConsume:F2} end to end, {ratios.DrainToRawConsume:F2} draining alone", ratios.EndToEndToRawConsume >= GoalRawRatio),
            new("end to end / storage ceiling", "≥ 0.8", $"{ratios.EndToEndToStorageCeiling:F2} ({ceilingRate:N0} events/s ceiling)", ratios.EndToEndToStorageCeiling >= GoalCeilingRatio),
            new("correlator CPU per event, storage excluded", "≤ 2 µs", $"{stageCpu.TotalUs:F2} µs (decode {stageCpu.DecodeUs:F2}, detect {stageCpu.DetectUs:F2}, correlate {stageCpu.CorrelateUs:F2}); the correlator's thread in the peak {stageCpu.PipelineThreadUs:F2} µs with consume, duplicate check and row encoding", stageCpu.TotalUs <= GoalCpuUs),
        ];
        return new BenchReport(settings, stages, R(peak.EndToEndRate), R(drainRate), latency, baselines, ratios, goals, usage, ProcessUsage.PeakRssMib(), pipeline.Totals.Alerts, samples)
        {
            StageCpu = stageCpu,
            LoadProbeTail = probes.Tail("load"),
            AlertDurabilityAtLoad = meter.AlertDurabilityMs().ToDictionary(p => p.Key, p => LatencySummary.Of(p.Value, p.Value.Length), StringComparer.Ordinal),
        };
    }

    private static double StageSeconds(PeakFigures peak, string stage) => peak.StageSeconds.TryGetValue(stage, out var s) ? s.Seconds : 0;

    private static double? Cap(long events, double busy) => busy > 0 ? R(events / busy) : null;

    private static double R(double value) => Math.Round(value, 3);
}
