using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>Store errors are classified: data the table cannot take is split or dead-lettered, anything else stalls visibly.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class StoreErrorTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task WideHistoricalBatch_150DayPartitionsInOneRange_EveryEventStoredAndTheStreamGoesOn()
    {
        // A historical import on one partition: one event per day, more days than ClickHouse takes in one insert
        // (max_partitions_per_insert_block, 100). Before, the insert failed with TOO_MANY_PARTS (252) forever.
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();
        var start = TimeProvider.System.GetUtcNow().AddDays(-85);
        harness.ProduceJson(Enumerable.Range(0, 150).Select(i => PipelineHarness.Event(i, "ee-cert", "EE", "203.0.113.5", start.AddDays(i))));
        using var pipeline = harness.Create();
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.EventsStored >= 150, "the wide range is stored", TimeSpan.FromSeconds(60));
        harness.ProduceJson([PipelineHarness.Event(1000, "ee-cert", "EE", "203.0.113.6", TimeProvider.System.GetUtcNow())]);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.EventsStored >= 151, "the next event is stored too", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await run;

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(151UL);
        (await harness.ScalarAsync("SELECT uniqExact(toYYYYMMDD(ts)) FROM events")).ShouldBeGreaterThan(100UL, "more day partitions than one insert may create");
        (await harness.ScalarAsync("SELECT count() FROM deadletter")).ShouldBe(0UL, "nothing was refused");
        pipeline.StoreStalled.ShouldBeNull();
    }

    [Fact]
    public async Task RowTheTableRefuses_IsDeadLetteredAlone_AndTheOthersAreStored()
    {
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();

        // A constraint makes exactly one row something the table cannot take, as a real schema rule would.
        await harness.ExecuteAsync("ALTER TABLE events ADD CONSTRAINT no_ev_13 CHECK event_id != 'ev-13'");
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);
        harness.ProduceJson(Enumerable.Range(0, 20).Select(i => PipelineHarness.Event(i, "ee-cert", "EE", "203.0.113.7", at.AddSeconds(i))));
        using var pipeline = harness.Create();

        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.Messages >= 20);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(19UL);
        (await harness.ScalarAsync("SELECT count() FROM events WHERE event_id = 'ev-13'")).ShouldBe(0UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter")).ShouldBe(1UL, "exactly the refused row is dead-lettered");
        (await harness.ScalarAsync("SELECT count() FROM deadletter WHERE reason = 'store_refused' AND detail LIKE '%ev-13%' AND detail LIKE '%no_ev_13%' AND original LIKE '%ev-13%'")).ShouldBe(1UL, "the dead letter names the event and the server's reason");
        pipeline.Totals.DeadLetters.ShouldBe(1);
    }

    [Fact]
    public async Task TableMissingWhenPartitionsAreAssigned_RestoreWaitsStalled_ThenStoresOnceTheTableIsBack()
    {
        // The assignment restores windows from the events table; with the table gone that read failed the consumer
        // and ended `cyberagg serve` (seen in CI: a rebalance while the table was renamed away).
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);
        harness.ProduceJson(Enumerable.Range(0, 3).Select(i => PipelineHarness.Event(200 + i, "ee-cert", "EE", "203.0.113.9", at.AddSeconds(i))));
        await harness.ExecuteAsync("RENAME TABLE events TO events_gone");
        using var pipeline = harness.Create();
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);

        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.StoreStalled is not null, "the assignment reports the stall", TimeSpan.FromSeconds(60));
        run.IsCompleted.ShouldBeFalse("waiting for storage, not crashed");
        var stalled = pipeline.StoreStalled!;
        stalled.ShouldContain("restore");
        stalled.ShouldContain("events");
        await Eventually.WaitAsync(() => pipeline.StoreRetries >= 2, "it retries", TimeSpan.FromSeconds(60));
        pipeline.Totals.EventsStored.ShouldBe(0);

        await harness.ExecuteAsync("RENAME TABLE events_gone TO events");
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.EventsStored >= 3, "the events are stored once the table is back", TimeSpan.FromSeconds(60));
        pipeline.StoreStalled.ShouldBeNull("the answer clears the stall");
        await stop.CancelAsync();
        await run;
        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(3UL, "each stored once");
    }

    [Fact]
    public async Task TableMissingWhenPartitionsAreAssigned_StopEndsTheWaitWithoutStoring()
    {
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();
        harness.ProduceJson([PipelineHarness.Event(300, "ee-cert", "EE", "203.0.113.10", TimeProvider.System.GetUtcNow().AddMinutes(-5))]);
        await harness.ExecuteAsync("RENAME TABLE events TO events_gone");
        using var pipeline = harness.Create();
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.StoreStalled is not null, "the assignment reports the stall", TimeSpan.FromSeconds(60));
        run.IsCompleted.ShouldBeFalse();

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));

        run.IsCompletedSuccessfully.ShouldBeTrue("a stop while waiting for storage is a stop like any other");
        pipeline.Totals.EventsStored.ShouldBe(0);
        await harness.ExecuteAsync("RENAME TABLE events_gone TO events");
        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(0UL, "nothing was consumed from the partition it was assigning");
    }

    [Fact]
    public async Task TableMissing_PipelineReportsItIsStalled_AndStoresEverythingOnceTheTableIsBack()
    {
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);
        harness.ProduceJson([PipelineHarness.Event(100, "ee-cert", "EE", "203.0.113.8", at)]);
        using var pipeline = harness.Create();
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.EventsStored >= 1, "the first event is stored", TimeSpan.FromSeconds(60));

        // The table goes away under a running correlator (an operator's mistake, a broken migration).
        await harness.ExecuteAsync("RENAME TABLE events TO events_away");
        harness.ProduceJson(Enumerable.Range(0, 5).Select(i => PipelineHarness.Event(i, "ee-cert", "EE", "203.0.113.8", at.AddSeconds(i + 1))));

        // Retrying cannot help until an operator acts: the pipeline says so instead of idling silently.
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.StoreStalled is not null, "the pipeline reports the stall", TimeSpan.FromSeconds(60));
        run.IsCompleted.ShouldBeFalse("a stalled pipeline keeps retrying, it does not crash");
        pipeline.StoreStalled!.ShouldContain("events");
        pipeline.Totals.EventsStored.ShouldBe(1);
        await Eventually.WaitAsync(() => pipeline.StoreRetries >= 2, "it retries", TimeSpan.FromSeconds(60));

        await harness.ExecuteAsync("RENAME TABLE events_away TO events");
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.EventsStored >= 6, "the events are stored once the table is back", TimeSpan.FromSeconds(60));
        pipeline.StoreStalled.ShouldBeNull("progress clears the stall");
        await stop.CancelAsync();
        await run;

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(6UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter")).ShouldBe(0UL, "a missing table is not the events' fault: nothing is dead-lettered");
    }
}
