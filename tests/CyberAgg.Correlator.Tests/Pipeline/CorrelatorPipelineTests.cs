using System.Text;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>The correlator end to end, through the embedded Kafka and ClickHouse.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class CorrelatorPipelineTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CrossBorderSourceIp_SeenInTwoCountries_AlertStoredPublishedAndEveryEventStored()
    {
        var harness = await NewHarnessAsync();
        var ip = "198.51.100." + Random.Shared.Next(1, 250);
        harness.ProduceJson(
        [
            PipelineHarness.Event(1, "ee-cert", "EE", ip, T0),
            PipelineHarness.Event(2, "ee-cert", "EE", ip, T0.AddMinutes(1)),
            PipelineHarness.Event(3, "lv-cert", "LV", ip, T0.AddMinutes(4)),
            PipelineHarness.Event(4, "fi-cert", "FI", "192.0.2.200", T0.AddMinutes(5)),
        ]);
        using var pipeline = harness.Create();
        var crossBorder = 0;
        pipeline.AlertsCommitted += alerts => Interlocked.Add(ref crossBorder, alerts.Count(a => a.Kind == AlertKinds.CrossBorder));

        // The alert comes once the watermark passes the LV sighting: when the drained partitions go idle.
        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.EventsStored >= 4 && Volatile.Read(ref crossBorder) >= 1);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(4UL);
        (await harness.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE kind = 'cross-border' AND group_key = '{ip}' AND countries = ['EE','LV'] AND partners = ['ee-cert','lv-cert']")).ShouldBe(1UL);
        (await harness.ScalarAsync("SELECT count() FROM alerts FINAL WHERE group_key = '192.0.2.200'")).ShouldBe(0UL, "one country alone is not cross-border");
        var published = ReadAlerts().Where(a => a.GroupKey == ip && a.Kind == AlertKinds.CrossBorder).ToList();
        published.ShouldNotBeEmpty();
        published[0].Countries.ShouldBe(["EE", "LV"]);
        published[0].EvidenceEventIds.ShouldContain("ev-3");
    }

    [Fact]
    public async Task SameMessageDeliveredThreeTimes_IsStoredOnce()
    {
        var harness = await NewHarnessAsync();
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);
        var again = PipelineHarness.Event(7, "ee-cert", "EE", "203.0.113.70", at);

        // Three deliveries in one go, then one more after the first ones were stored and committed.
        harness.ProduceJson([again, again, PipelineHarness.Event(8, "ee-cert", "EE", "203.0.113.71", at), again]);
        using var pipeline = harness.Create();
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.Messages >= 4, "the first four deliveries are stored");
        harness.ProduceJson([again]);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.Messages >= 5, "the late redelivery is consumed");
        await stop.CancelAsync();
        await run;

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(2UL);
    }

    [Fact]
    public async Task TimestampsStorageCannotKeep_AreDeadLetteredWithTheBound_AndTheGoodEventStored()
    {
        var harness = await NewHarnessAsync();
        var now = TimeProvider.System.GetUtcNow();
        harness.ProduceJson(
        [
            PipelineHarness.Event(1, "ee-cert", "EE", "203.0.113.11", new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            PipelineHarness.Event(2, "ee-cert", "EE", "203.0.113.12", new DateTimeOffset(2400, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            PipelineHarness.Event(3, "ee-cert", "EE", "203.0.113.13", now.AddDays(-120)),
            PipelineHarness.Event(4, "ee-cert", "EE", "203.0.113.14", now.AddHours(-1)),
        ]);
        using var pipeline = harness.Create();

        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.Messages >= 4);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(1UL, "only the event inside what storage keeps is stored");
        (await harness.ScalarAsync("SELECT count() FROM deadletter WHERE reason = 'timestamp_out_of_range'")).ShouldBe(3UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter WHERE reason = 'timestamp_out_of_range' AND (detail LIKE '%before 1970%' OR detail LIKE '%2299%' OR detail LIKE '%retention%')")).ShouldBe(3UL, "each names the bound it broke");
    }

    [Fact]
    public async Task PoisonMessages_AreDeadLetteredWithReason_AndTheGoodEventsAroundThemStored()
    {
        var harness = await NewHarnessAsync();
        var deep = new string('[', 10_000) + new string(']', 10_000);
        byte[] truncatedBatch = [.. "CAGB"u8, 1, 0, 0, 0, 9, 9];
        harness.Produce(
        [
            (null, Encoding.UTF8.GetBytes(PipelineHarness.Event(1, "ee-cert", "EE", "203.0.113.1", T0)), null),
            (null, "\u0001\u0002 this is not JSON"u8.ToArray(), null),
            (null, Encoding.UTF8.GetBytes(deep), null),
            (null, truncatedBatch, null),
            (null, [0xC3, 0x28, 0xA0, 0xA1], null),
            (null, new byte[900_000], null),
            (null, Encoding.UTF8.GetBytes(PipelineHarness.Event(2, "ee-cert", "EE", "203.0.113.2", T0)), null),
        ]);
        using var pipeline = harness.Create();

        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.Messages >= 7);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(2UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter")).ShouldBe(5UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter WHERE reason = '' OR original_size = 0")).ShouldBe(0UL, "every dead letter names its reason and keeps its bytes");
        (await harness.ScalarAsync("SELECT max(length(original)) FROM deadletter")).ShouldBeLessThanOrEqualTo((ulong)DeadLetterPayload.DefaultMaxBytes + 64, "huge originals are truncated");
        (await harness.ScalarAsync("SELECT countIf(truncated = 1) FROM deadletter")).ShouldBe(1UL);
    }

    [Fact]
    public async Task SignedTrust_OnlyCorrectlySignedBatchesCount_ForgeriesAreDeadLettered()
    {
        var harness = await NewHarnessAsync();
        var secret = "0123456789abcdef0123456789abcdef";
        harness.Ingest = new IngestOptions
        {
            Trust = IngestTrust.Signed,
            Keys = [new IngestKeyOptions { Partner = "ee-cert", KeyId = "k1", Country = "EE", Secret = secret }],
        };
        var good = Batch(new IngestKey("ee-cert", "k1", Encoding.UTF8.GetBytes(secret), "EE"), "EE", 3);
        var forged = Batch(new IngestKey("ee-cert", "k1", Encoding.UTF8.GetBytes("not-the-partner-key-at-all-xxxxx"), "EE"), "EE", 3);
        var tampered = good.ToArray();
        tampered[^40] ^= 0x5A;
        var claimsOther = Batch(new IngestKey("lv-cert", "k1", Encoding.UTF8.GetBytes(secret), "LV"), "LV", 3);
        harness.Produce(
        [
            (null, good, null),
            (null, forged, null),
            (null, tampered, null),
            (null, claimsOther, null),
            (null, Encoding.UTF8.GetBytes(PipelineHarness.Event(9, "ee-cert", "EE", "203.0.113.9", T0)), null),
        ]);
        using var pipeline = harness.Create();

        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.Messages >= 5);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(3UL);
        (await harness.ScalarAsync("SELECT countIf(trusted = 1) FROM events")).ShouldBe(3UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter")).ShouldBe(4UL);
    }

    [Fact]
    public async Task CrashAfterStoreBeforeCommit_RestartReplays_NoEventLostOrDuplicated_NoAlertDuplicated()
    {
        var harness = await NewHarnessAsync();
        var ip = "198.51.100." + Random.Shared.Next(1, 250);
        harness.ProduceJson(Enumerable.Range(0, 600).Select(i =>
            PipelineHarness.Event(i, i % 2 == 0 ? "ee-cert" : "pl-cert", i % 2 == 0 ? "EE" : "PL", i % 3 == 0 ? ip : $"203.0.113.{i % 200}", T0.AddSeconds(i))));

        using (var crashing = harness.Create())
        {
            crashing.BeforeCommit = () => throw new InvalidOperationException("simulated crash between store and commit");
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Should.ThrowAsync<InvalidOperationException>(() => crashing.RunAsync(stop.Token));
        }

        var storedBeforeRestart = await harness.ScalarAsync("SELECT count() FROM events");
        storedBeforeRestart.ShouldBeGreaterThan(0UL, "the crashed batch had reached ClickHouse");
        using var restarted = harness.Create();
        await PipelineHarness.RunUntilAsync(restarted, () => restarted.Totals.Messages >= 600);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(600UL);
        (await harness.ScalarAsync("SELECT uniqExact(event_id) FROM events")).ShouldBe(600UL);
        (await harness.ScalarAsync("SELECT sum(events) FROM events_per_minute")).ShouldBe(600UL);
        (await harness.ScalarAsync("SELECT count() FROM alerts FINAL")).ShouldBe(await harness.ScalarAsync("SELECT uniqExact(alert_id) FROM alerts"));
        (await harness.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND kind = 'cross-border'")).ShouldBeGreaterThan(0UL);
    }

    [Fact]
    public async Task SmallBatchesQueuedForTheStore_MonthOldOutOfOrderAndTwice_CrashBetweenStoreAndCommit_RestartStoresEachEventOnce()
    {
        // Batches of 10 and inserts of 50: the store queue holds up to one insert's worth of small batches when the
        // crash comes. Event times are a month back (a replay of old logs), shuffled, and every seventh event is
        // delivered twice; the restart's duplicate ledger must recognise copies stored before the crash.
        var harness = await NewHarnessAsync();
        var start = TimeProvider.System.GetUtcNow().AddDays(-30);
        var order = Enumerable.Range(0, 600).OrderBy(_ => Random.Shared.Next()).ToArray();
        var events = Enumerable.Range(0, 600).Select(i => PipelineHarness.Event(i, i % 2 == 0 ? "ee-cert" : "lv-cert", i % 2 == 0 ? "EE" : "LV", $"203.0.113.{i % 100}", start.AddSeconds(order[i]), kind: "event")).ToList();
        var delivered = events.Concat(events.Where((_, i) => i % 7 == 0)).OrderBy(_ => Random.Shared.Next()).ToList();
        harness.ProduceJson(delivered);
        var options = harness.Options(batchMaxEvents: 10);
        options.StoreBatchEvents = 50;
        long committedBeforeCrash;
        using (var crashing = harness.Create(options))
        {
            var commits = 0;
            crashing.BeforeCommit = () => Interlocked.Increment(ref commits) == 3 ? throw new InvalidOperationException("simulated crash between store and commit") : Task.CompletedTask;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Should.ThrowAsync<InvalidOperationException>(() => crashing.RunAsync(stop.Token));
            committedBeforeCrash = crashing.Totals.Messages;
        }

        committedBeforeCrash.ShouldBeInRange(1L, delivered.Count - 1L, "two ranges were committed before the crash");
        using var restarted = harness.Create(options);
        await PipelineHarness.RunUntilAsync(restarted, () => restarted.Totals.Messages >= delivered.Count - committedBeforeCrash);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(600UL);
        (await harness.ScalarAsync("SELECT uniqExact(event_id) FROM events")).ShouldBe(600UL);
        (await harness.ScalarAsync("SELECT sum(events) FROM events_per_minute")).ShouldBe(600UL);
    }

    [Fact]
    public async Task TwoInstancesInOneGroup_ShareThePartitions_EveryEventStoredOnce()
    {
        var harness = await NewHarnessAsync();
        harness.ProduceJson(Enumerable.Range(0, 300).Select(i => PipelineHarness.Event(i, "lt-cert", "LT", $"203.0.113.{i % 50}", T0.AddSeconds(i), kind: "event")));
        using var first = harness.Create(batchMaxEvents: 50);
        using var second = harness.Create(batchMaxEvents: 50);
        using var stop = new CancellationTokenSource();
        var runs = new[] { first.RunAsync(stop.Token), second.RunAsync(stop.Token) };
        harness.ProduceJson(Enumerable.Range(300, 300).Select(i => PipelineHarness.Event(i, "lt-cert", "LT", $"203.0.113.{i % 50}", T0.AddSeconds(i), kind: "event")));
        await Eventually.WaitAsync(() => first.Totals.Messages + second.Totals.Messages >= 600, "the two instances consumed all 600 messages");

        await stop.CancelAsync();
        await Task.WhenAll(runs);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(600UL);
        (await harness.ScalarAsync("SELECT uniqExact(event_id) FROM events")).ShouldBe(600UL);
    }

    private async Task<PipelineHarness> NewHarnessAsync()
    {
        var harness = new PipelineHarness(kafka, clickHouse);
        await harness.InitializeAsync();
        return harness;
    }

    private static byte[] Batch(IngestKey key, string country, int events)
    {
        using var writer = new BatchWriter(key, country, "sensor-1");
        writer.Begin(T0);
        for (var i = 0; i < events; i++)
        {
            var e = new SecurityEvent { Timestamp = T0.AddSeconds(i), EventId = $"{key.Partner}-{Guid.NewGuid():N}", Partner = key.Partner, Country = country, ObserverName = "sensor-1", SourceIp = "203.0.113.50" };
            writer.Add(e);
        }

        return writer.Complete().ToArray();
    }

    private List<Alert> ReadAlerts() => AlertTopicReader.ReadAll(kafka.BootstrapServers);
}
