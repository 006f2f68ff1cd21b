using System.Globalization;
using System.Text;
using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Report;

/// <summary>Renders a <see cref="BenchReport"/> as the markdown tables printed on stdout and kept in the JSON.</summary>
public static class MarkdownWriter
{
    public static string Write(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Settings;
        var b = report.Baselines;
        var l = report.Latency;
        var md = new StringBuilder();
        Line(md, $"`{s.Command}`: {s.StartedAt}, {s.ProcessorCount} cores, {s.Os}, {s.Runtime}; {s.Infrastructure}. {s.ProcessModel}");
        Line(md, $"{N(s.Events)} events (after a warm-up of {N(s.WarmupProduced)} on indicators of their own, {N(s.WarmupEvents)} and then rounds of a quarter of that until the JIT settled, at most {s.WarmupRounds}) in signed batches of {s.EventsPerMessage}, {N(s.Indicators)} indicators, {s.Partitions} partitions, {s.DetectionRules} detection + {s.CorrelationRules} correlation rules, correlator batches of {N(s.BatchMaxEvents)} / {s.BatchLingerMs:F0} ms, inserts of {N(s.StoreBatchEvents)} / {s.StoreLingerMs:F0} ms, lateness {s.LatenessMs:F0} ms, early firing {(s.EarlyFiring ? $"on for events stamped within {s.EarlyFiringHorizonMs:F0} ms of the wall clock" : "off")}.");
        Line(md, "");
        Line(md, "| stage | events | wall s | events/s | busy s | capacity events/s | note |");
        Line(md, "|---|---:|---:|---:|---:|---:|---|");
        foreach (var stage in report.Stages)
        {
            Line(md, $"| {stage.Stage} | {N(stage.Events)} | {stage.WallSeconds:F2} | {N(stage.EventsPerSecond)} | {(stage.BusySeconds is { } busy ? busy.ToString("F2", CultureInfo.InvariantCulture) : "")} | {(stage.CapacityEventsPerSecond is { } c ? N(c) : "")} | {stage.Note} |");
        }

        Line(md, $"| **baseline (a): raw consume** | {N(b.RawConsumeEvents)} | {b.RawConsumeSeconds:F2} | {N(b.RawConsumeEventsPerSecond)} | | | {N(b.RawConsumeMessages)} messages, Consume() loop, nothing else |");
        Line(md, $"| **baseline (c): storage ceiling** | {N(b.StorageCeilingEvents)} | {b.StorageCeilingSeconds:F2} | {N(b.StorageCeilingEventsPerSecond)} | | | the same events inserted into the same table, correlator stopped, no Kafka |");
        Line(md, "");
        Line(md, $"Stored, counted by ClickHouse: {N(report.StoredInClickHouse)} of {N(report.ProducedEvents)} events produced{(report.StoredInClickHouse == report.ProducedEvents ? "" : " (**mismatch**)")}. " +
            (report.BacklogLimitEvents is { } limit ? $"Backlog limit {N(limit)} events (half of what the embedded Kafka retains), the producer waited {N(report.BacklogWaits)} times." : "No backlog limit (external Kafka)."));
        Line(md, "");
        var cpu = report.StageCpu;
        Line(md, $"Correlator CPU per event, one core, storage excluded ({N(cpu.Events)} events of this run, second pass, thread CPU time): decode {cpu.DecodeUs:F2} µs, detect {cpu.DetectUs:F2} µs, correlate {cpu.CorrelateUs:F2} µs, total {cpu.TotalUs:F2} µs. " +
            $"In the peak phase the correlator's own thread used {cpu.PipelineThreadUs:F2} µs per event stored: the same work with the Kafka consume, the clock and duplicate checks and the rows' RowBinary encoding, beside the other threads.");
        Line(md, "");
        Line(md, $"Latency (ms), probes every {s.ProbeIntervalMs:F0} ms; load phase at {N(l.LoadTargetEventsPerSecond)} events/s target ({l.LoadFractionOfPeak:P0} of peak), {N(l.LoadAchievedEventsPerSecond)} achieved:");
        Line(md, "");
        Line(md, "| latency | samples | missed | p50 | p95 | p99 | max |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|");
        Row(md, "event → alert, at load", l.EventToAlertAtLoad);
        Row(md, "event → rule fired (before storing the alert), at load", l.EventToRaisedAtLoad);
        Row(md, "event → queryable, at load", l.EventToQueryableAtLoad);
        Row(md, $"**baseline (b): scheduled SQL every {b.SqlPeriodSeconds:F0} s, at load**", b.SqlDetectionAtLoad);
        Row(md, "event → alert, at peak (backlog)", l.EventToAlertAtPeak);
        Row(md, "event → queryable, at peak (backlog, polled every 250 ms or more)", l.EventToQueryableAtPeak);
        Row(md, "scheduled SQL, at peak (backlog)", b.SqlDetectionAtPeak);
        Line(md, "");
        foreach (var w in report.LoadCollections)
        {
            Line(md, $"Garbage collections, {w.Window}: {w.Collections} (gen0 {w.Gen0}, gen1 {w.Gen1}, gen2 blocking {w.Gen2Blocking}, gen2 background {w.Gen2Background}), {w.PauseMs:F0} ms paused; longest {w.LargestPauseMs:F0} ms (gen{w.LargestGeneration}, {w.LargestPromotedMib:F0} MiB promoted).");
        }

        if (report.LoadCollections.Count > 0)
        {
            Line(md, "");
        }

        if (report.AlertDurabilityAtLoad.Count > 0)
        {
            Line(md, "Alerts made durable at load, per alert batch, from their hand-over to the sinks (ms): " + string.Join("; ", report.AlertDurabilityAtLoad.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key} p50 {p.Value.P50Ms:F0} / p99 {p.Value.P99Ms:F0} / max {p.Value.MaxMs:F0} ({N(p.Value.Samples)} batches)")) + "; an alert is announced once both sinks have it.");
            Line(md, "");
        }

        if (report.LoadProbeTail is { } tail)
        {
            Line(md, $"The slowest {tail.Slowest} of {tail.Probes} load probes (rule fired after {tail.SlowestFromMs:F0} ms or more): median GC pause during the wait {tail.SlowestGcPauseMs:F1} ms (the others {tail.OthersGcPauseMs:F1} ms), a generation-2 collection during the wait for {tail.SlowestWithGen2:P0} (the others {tail.OthersWithGen2:P0}); sent at {string.Join(", ", tail.SlowestSentAtSeconds.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} s into the phase.");
            Line(md, "");
        }

        Line(md, $"Scheduled SQL: {b.SqlRuns} runs, query p50 {b.SqlQueryP50Ms:F0} ms, max {b.SqlQueryMaxMs:F0} ms (detection latency ≈ period + store lag + query).");
        Line(md, "");
        Line(md, "| ratio | value |");
        Line(md, "|---|---:|");
        Line(md, $"| end to end / raw consume | {report.Ratios.EndToEndToRawConsume:F3} |");
        Line(md, $"| correlator drain (producer idle) / raw consume | {report.Ratios.DrainToRawConsume:F3} |");
        Line(md, $"| end to end / storage ceiling | {report.Ratios.EndToEndToStorageCeiling:F3} |");
        Line(md, $"| scheduled SQL p50 / correlator p50 (at load) | {report.Ratios.SqlToCorrelatorP50:F1}× |");
        Line(md, $"| scheduled SQL p99 / correlator p99 (at load) | {report.Ratios.SqlToCorrelatorP99:F1}× |");
        Line(md, "");
        Line(md, "| goal | target | reached | met |");
        Line(md, "|---|---|---|---|");
        foreach (var goal in report.Goals)
        {
            Line(md, $"| {goal.Goal} | {goal.Target} | {goal.Reached} | {(goal.Met ? "yes" : "**no**")} |");
        }

        Line(md, "");
        Line(md, $"CPU and memory (one process; peak RSS {report.PeakRssMib:F0} MiB; correlation state {N(report.StateGroups)} open groups, {N(report.StateBytes / 1024.0)} KiB, {(report.StateGroups > 0 ? N((double)report.StateBytes / report.StateGroups) : "0")} bytes per group; early firing: {N(report.EarlyAlerts)} alerts raised early, {N(report.EarlyRevised)} revised, {N(report.EarlyUnmatched)} unmatched):");
        Line(md, "");
        Line(md, "| phase | wall s | CPU s | cores | JIT methods (s) | top thread groups (CPU s) |");
        Line(md, "|---|---:|---:|---:|---:|---|");
        foreach (var phase in report.Cpu)
        {
            var groups = string.Join(", ", phase.ThreadGroups.Take(6).Select(g => $"{g.Group} {g.CpuSeconds:F1}"));
            Line(md, $"| {phase.Phase} | {phase.WallSeconds:F1} | {phase.CpuSeconds:F1} | {phase.CoresUsed:F2} | {N(phase.JitMethods)} ({phase.JitSeconds:F1}) | {groups}; exited threads {phase.ExitedThreadsCpuSeconds:F1} |");
        }

        if (report.Memory.Count > 0)
        {
            Line(md, "");
            Line(md, "Memory, the largest resident set sampled in each phase (MiB; the rest of the resident set is the runtime, mapped code and librdkafka):");
            Line(md, "");
            Line(md, "| phase | resident | managed committed | managed heap | ClickHouse tracked | events held for the watermark | most held in the phase |");
            Line(md, "|---|---:|---:|---:|---:|---:|---:|");
            foreach (var m in report.Memory)
            {
                Line(md, $"| {m.Phase} | {N(m.ResidentMib)} | {N(m.ManagedCommittedMib)} | {N(m.ManagedHeapMib)} | {(m.ClickHouseMib is { } ch ? N(ch) : "n/a")} | {N(m.BufferedEvents)} | {N(m.MostBufferedEvents)} |");
            }
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, LatencySummary x) =>
        Line(md, $"| {name} | {x.Samples} | {x.Missed} | {x.P50Ms:F0} | {x.P95Ms:F0} | {x.P99Ms:F0} | {x.MaxMs:F0} |");

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
