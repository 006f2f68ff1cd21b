using System.Text.Json;
using System.Xml.Linq;
using CyberAgg.Bench.Latency;
using CyberAgg.Bench.Report;

namespace CyberAgg.Bench.Tests;

/// <summary>A tiny run's report is complete and consistent; no timing is asserted, the machine is shared.</summary>
public sealed class BenchRunnerTests(BenchRunFixture run) : IClassFixture<BenchRunFixture>
{
    [Fact]
    public void RunAsync_TinyRun_EveryStageHasAPositiveRate()
    {
        run.Report.Stages.Select(s => s.Stage).ShouldBe(["produce", "consume + decode", "correlate", "store", "alerts", "commit", "**end to end**", "drain (producer done)"]);
        foreach (var stage in run.Report.Stages.Where(s => !s.Stage.StartsWith("drain", StringComparison.Ordinal)))
        {
            stage.Events.ShouldBeGreaterThanOrEqualTo(run.Options.Events, stage.Stage);
            stage.EventsPerSecond.ShouldBeGreaterThan(0, stage.Stage);
        }

        run.Report.EndToEndEventsPerSecond.ShouldBeGreaterThan(0);
        var decode = run.Report.Stages.Single(s => s.Stage == "consume + decode");
        decode.BusySeconds.ShouldNotBeNull("the decode stage times itself");
        decode.BusySeconds.Value.ShouldBeGreaterThan(0);
        decode.BusySeconds.Value.ShouldBeLessThan(run.Report.Stages.Single(s => s.Stage == "**end to end**").WallSeconds, "busy time is the stage's own, not what the other stages left");
    }

    [Fact]
    public void RunAsync_TinyRun_LatenciesArePresentAndOrdered()
    {
        var latency = run.Report.Latency;
        latency.EventToAlertAtLoad.Samples.ShouldBeGreaterThan(0);
        latency.EventToQueryableAtLoad.Samples.ShouldBeGreaterThan(0);
        latency.EventToAlertAtPeak.Samples.ShouldBeGreaterThan(0);
        // A rule fires before its alert is durable: every alerted probe was raised, no later than it was alerted.
        latency.EventToRaisedAtLoad.Samples.ShouldBeGreaterThanOrEqualTo(latency.EventToAlertAtLoad.Samples);
        latency.EventToRaisedAtLoad.P50Ms.ShouldBeLessThanOrEqualTo(latency.EventToAlertAtLoad.P50Ms);
        LatencySummary[] all = [latency.EventToAlertAtLoad, latency.EventToRaisedAtLoad, latency.EventToQueryableAtLoad, latency.EventToAlertAtPeak, latency.EventToQueryableAtPeak, run.Report.Baselines.SqlDetectionAtLoad];
        foreach (var summary in all.Where(s => s.Samples > 0))
        {
            summary.P50Ms.ShouldBeGreaterThan(0);
            summary.P50Ms.ShouldBeLessThanOrEqualTo(summary.P95Ms);
            summary.P95Ms.ShouldBeLessThanOrEqualTo(summary.P99Ms);
            summary.P99Ms.ShouldBeLessThanOrEqualTo(summary.MaxMs);
        }
    }

    [Fact]
    public void RunAsync_TinyRun_BothBaselinesAndRatiosArePresent()
    {
        var baselines = run.Report.Baselines;
        baselines.RawConsumeEvents.ShouldBeGreaterThanOrEqualTo(run.Options.Events);
        baselines.RawConsumeEventsPerSecond.ShouldBeGreaterThan(0);
        baselines.SqlRuns.ShouldBeGreaterThan(0);
        baselines.SqlDetectionAtLoad.Samples.ShouldBeGreaterThan(0);
        baselines.SqlQuery.ShouldContain("uniq(country) >= 2");
        run.Report.Ratios.EndToEndToRawConsume.ShouldBeGreaterThan(0);
        baselines.StorageCeilingEvents.ShouldBe(run.Options.Events, "baseline (c) inserts as many events as the run's background");
        baselines.StorageCeilingEventsPerSecond.ShouldBeGreaterThan(0);
        run.Report.Ratios.EndToEndToStorageCeiling.ShouldBeGreaterThan(0);
        run.Report.Goals.Count.ShouldBe(5);
        run.Report.StoredInClickHouse.ShouldBe(run.Report.ProducedEvents, "every produced event is in ClickHouse once");
        run.Report.Settings.WarmupEvents.ShouldBe(run.Options.WarmupEventsOrDefault);
        run.Report.Settings.WarmupProduced.ShouldBeGreaterThanOrEqualTo(run.Report.Settings.WarmupEvents, "the first round is the warm-up's events; more rounds follow until the JIT settles");
        run.Report.ProducedEvents.ShouldBeGreaterThanOrEqualTo(run.Options.Events + run.Report.Settings.WarmupProduced, "the warm-up's events are produced and stored too");
        run.Report.BacklogLimitEvents.ShouldNotBeNull("the embedded Kafka's retention bounds the backlog");
        run.Report.StateGroups.ShouldBeGreaterThan(0, "the correlation state is reported");
        run.Report.StateBytes.ShouldBeGreaterThan(0);
        run.Report.Cpu.Select(c => c.Phase).ShouldBe(["warm-up", "peak (produce + correlate)", "raw consume", "load (rate-limited)", "storage ceiling"]);
        run.Report.Cpu[0].JitMethods.ShouldBeGreaterThan(0, "the warm-up is where the JIT compiles the hot paths");
        run.Report.StageCpu.TotalUs.ShouldBeGreaterThan(0);
        run.Report.AlertDurabilityAtLoad.Keys.Order(StringComparer.Ordinal).ToArray().ShouldBe(["clickhouse", "kafka"], customMessage: "the load probes' alerts go to both sinks");
        run.Report.AlertDurabilityAtLoad.Values.ShouldAllBe(d => d.Samples > 0 && d.P99Ms > 0);
        run.Report.StageCpu.PipelineThreadUs.ShouldNotBeNull("the correlator's named thread is found in the peak phase's thread groups");
        run.Report.StageCpu.PipelineThreadUs.Value.ShouldBeGreaterThan(0);
        run.Report.Cpu.ShouldAllBe(c => c.CpuSeconds > 0);
        run.Report.PeakRssMib.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void RunAsync_TinyRun_MemoryIsSampledInEveryPhase()
    {
        var memory = run.Report.Memory;
        memory.Select(m => m.Phase).ShouldBe(["setup", "warmup", "peak", "raw", "load", "profile", "ceiling"], ignoreOrder: true);
        memory.ShouldAllBe(m => m.ResidentMib > 0 && m.ManagedCommittedMib > 0 && m.ResidentMib <= run.Report.PeakRssMib + 1);
        memory.ShouldContain(m => m.ClickHouseMib > 0, "the embedded ClickHouse reports its tracked memory");
        memory.ShouldAllBe(m => m.MostBufferedEvents >= m.BufferedEvents);
        run.Report.Markdown.ShouldContain("| phase | resident | managed committed | managed heap | ClickHouse tracked | events held for the watermark | most held in the phase |");
    }

    [Fact]
    public void Serialize_TinyRun_JsonParsesWithTheMarkdownInside()
    {
        using var json = JsonDocument.Parse(BenchJson.Serialize(run.Report));
        json.RootElement.GetProperty("stages").GetArrayLength().ShouldBe(run.Report.Stages.Count);
        json.RootElement.GetProperty("baselines").GetProperty("raw_consume_events_per_second").GetDouble().ShouldBeGreaterThan(0);
        json.RootElement.GetProperty("latency").GetProperty("event_to_alert_at_load").GetProperty("p99_ms").GetDouble().ShouldBeGreaterThan(0);
        var markdown = json.RootElement.GetProperty("markdown").GetString()!;
        markdown.ShouldContain("baseline (a): raw consume");
        markdown.ShouldContain("baseline (b): scheduled SQL");
        markdown.ShouldContain("baseline (c): storage ceiling");
    }

    [Fact]
    public void Render_TinyRun_SvgIsWellFormed()
    {
        var svg = XDocument.Parse(SvgPlot.Render(run.Report));
        svg.Root!.Name.LocalName.ShouldBe("svg");
        svg.Descendants().Count(e => e.Name.LocalName == "polyline").ShouldBeGreaterThan(0);
    }
}
