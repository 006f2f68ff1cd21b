using CyberAgg.Correlator.Tests.Pipeline;
using CyberAgg.Events.Alerts;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.EventTime;

/// <summary>
/// Early firing end to end: a cross-border alert is durable as soon as the events in hand prove it, long before the
/// watermark (one allowed lateness later) reaches them; a straggler revises it under the same id.
/// </summary>
[Collection(CorrelatorCollection.Name)]
public sealed class EarlyFiringTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().AddHours(-2).ToUnixTimeMilliseconds());

    [Fact]
    public async Task CrossBorderPair_HourOfLateness_AlertDurableBeforeTheWatermarkReachesIt_WhileWithoutEarlyFiringItWaits()
    {
        var ip = "198.51.102." + Random.Shared.Next(1, 250);
        string[] pair = [PipelineHarness.Event(1, "ee-cert", "EE", ip, T0), PipelineHarness.Event(2, "lv-cert", "LV", ip, T0.AddSeconds(30))];

        // Early firing (the default): the alert is committed while the watermark is still an hour behind the events.
        var early = await NewHarnessAsync();
        early.ProduceJson(pair);
        using (var pipeline = early.Create(Options(early, earlyFiring: true)))
        {
            var raised = 0;
            pipeline.AlertsCommitted += alerts => Interlocked.Add(ref raised, alerts.Count(a => a.GroupKey == ip && a.Kind == AlertKinds.CrossBorder));
            await PipelineHarness.RunUntilAsync(pipeline, () => Volatile.Read(ref raised) >= 1);
            pipeline.Watermark.ShouldBeLessThan(T0, "the alert did not wait for the watermark");
        }

        (await early.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND kind = 'cross-border' AND countries = ['EE','LV']")).ShouldBe(1UL);

        // The same events without early firing: both stored and their batch committed, and still no alert.
        var waiting = await NewHarnessAsync();
        waiting.ProduceJson(pair);
        using (var pipeline = waiting.Create(Options(waiting, earlyFiring: false)))
        {
            await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.EventsStored >= 2 && pipeline.Totals.Messages >= 2);
            pipeline.Watermark.ShouldBeLessThan(T0);
        }

        (await waiting.ScalarAsync("SELECT count() FROM events")).ShouldBe(2UL);
        (await waiting.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}'")).ShouldBe(0UL, "without early firing the alert waits for the watermark");
    }

    [Fact]
    public async Task StragglerInsideTheLateness_RevisesTheEarlyAlert_OneAlertWithTheTimeOrderedEvidence()
    {
        var harness = await NewHarnessAsync(partitions: 1);
        var ip = "198.51.103." + Random.Shared.Next(1, 250);
        var options = Options(harness, earlyFiring: true);
        options.Lateness = TimeSpan.FromMinutes(5);
        await RunStragglerArrivalAsync(harness, ip, options);

        // The two-country rule (the three-partner rule fires once, at the third partner, and is not revised).
        const string TwoCountries = "15ad11e4-9112-4bec-b1cb-7ade3cfe7311";
        var published = AlertTopicReader.ReadAll(kafka.BootstrapServers).Where(a => a.GroupKey == ip && a.RuleId == TwoCountries).ToList();
        (await harness.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND rule_id = '{TwoCountries}'")).ShouldBe(1UL, "one alert, revised, not two");
        (await harness.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND rule_id = '{TwoCountries}' AND countries = ['EE','LT'] AND evidence_event_ids = ['ev-1','ev-3']")).ShouldBe(1UL, "the time-ordered evidence");

        published.Count.ShouldBe(2, "the early alert, then its revision");
        published[0].Countries.ShouldBe(["EE", "LV"]);
        published[1].Countries.ShouldBe(["EE", "LT"]);
        published[1].AlertId.ShouldBe(published[0].AlertId);
        published[1].RaisedAt.ShouldBeGreaterThan(published[0].RaisedAt, "the revision is the row's next version");
    }

    [Fact]
    public async Task BacklogOlderThanTheHorizon_TheWatermarkDecides_OneAlertOneMessageWithTheTimeOrderedEvidence()
    {
        var harness = await NewHarnessAsync(partitions: 1);
        var ip = "198.51.104." + Random.Shared.Next(1, 250);

        // The same arrival as the straggler test, but two hours old with the default horizon (the five-minute
        // lateness): a backlog, so nothing fires early and nothing is revised.
        var options = Options(harness, earlyFiring: true);
        options.Lateness = TimeSpan.FromMinutes(5);
        options.EarlyFiringHorizon = null;
        await RunStragglerArrivalAsync(harness, ip, options);

        const string TwoCountries = "15ad11e4-9112-4bec-b1cb-7ade3cfe7311";
        var published = AlertTopicReader.ReadAll(kafka.BootstrapServers).Where(a => a.GroupKey == ip && a.RuleId == TwoCountries).ToList();
        published.ShouldHaveSingleItem("decided once, by the watermark").Countries.ShouldBe(["EE", "LT"]);
        (await harness.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND rule_id = '{TwoCountries}' AND evidence_event_ids = ['ev-1','ev-3']")).ShouldBe(1UL);
    }

    /// <summary>
    /// EE then LV would raise the alert early; LT, sent between them, arrives last; an event an hour on moves the
    /// watermark past all three. Runs the pipeline until that is stored and decided.
    /// </summary>
    private static async Task RunStragglerArrivalAsync(PipelineHarness harness, string ip, CorrelatorOptions options)
    {
        harness.ProduceJson(
        [
            PipelineHarness.Event(1, "ee-cert", "EE", ip, T0),
            PipelineHarness.Event(2, "lv-cert", "LV", ip, T0.AddSeconds(2)),
            PipelineHarness.Event(3, "lt-cert", "LT", ip, T0.AddSeconds(1)),
            PipelineHarness.Event(4, "fi-cert", "FI", "192.0.2.201", T0.AddHours(1)),
        ]);
        using var pipeline = harness.Create(options);
        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.EventsStored >= 4 && pipeline.Watermark > T0.AddSeconds(2));
    }

    private static CorrelatorOptions Options(PipelineHarness harness, bool earlyFiring)
    {
        var options = harness.Options();
        options.Lateness = TimeSpan.FromHours(1);

        // The events are stamped two hours back; these tests are about early firing itself, so it reaches them.
        options.EarlyFiringHorizon = TimeSpan.FromHours(3);

        // Partitions never count as idle here, so only event time moves the watermark.
        options.IdleTimeout = TimeSpan.FromHours(1);
        options.EarlyFiring = earlyFiring;
        return options;
    }

    private async Task<PipelineHarness> NewHarnessAsync(int partitions = 3)
    {
        var harness = new PipelineHarness(kafka, clickHouse, partitions);
        await harness.InitializeAsync();
        return harness;
    }
}
