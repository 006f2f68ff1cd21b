using System.Threading.Channels;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Correlator.Tests.Pipeline.Fakes;
using CyberAgg.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>The storage stage on a fake clock, a fake store and a recording committer: no Kafka, no ClickHouse.</summary>
public sealed class StoreStageTests : IDisposable
{
    private const string Topic = "events";
    private readonly TimerSignallingClock clock = new();
    private readonly FakePipelineStore store = new();
    private readonly RecordingCommitter committer = new();
    private readonly EventIdLedger ledger = new(1000);
    private readonly CorrelatorTotals totals = new();
    private readonly StoreHealth health;

    public StoreStageTests() => health = new StoreHealth(NullLogger.Instance, clock);

    [Fact]
    public async Task RunAsync_BatchSmallerThanAnInsert_StoredWhenTheLingerPassesAndCommittedPastItsLastOffset()
    {
        var stage = Stage(storeBatchEvents: 1000);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));

        stage.Enqueue(Evaluated(Batch((0, 10, 12, ["a", "b", "c"]))));
        await clock.TimerCreatedAsync();
        clock.Advance(TimeSpan.FromMilliseconds(999));
        store.EventInserts.ShouldBeEmpty("the linger (1 s) has not passed");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var commit = await committer.NextAsync();

        commit.Select(c => (c.Topic, c.Partition.Value, c.Offset.Value)).ShouldBe([(Topic, 0, 13L)]);
        store.EventInserts.ShouldHaveSingleItem().EventIds.ShouldBe(["a", "b", "c"]);
        (totals.Messages, totals.EventsStored).ShouldBe((3L, 3L));
        ledger.TryReserve(7, "b").ShouldBeFalse("a committed id is a duplicate on any partition");
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task Enqueue_ManySmallBatchesWhileAnInsertRuns_OneInsertsWorthAccumulatesAndOneMoreIsQueued()
    {
        // At a steady rate the linger cuts small batches; a limit counted in batches stopped consumption (and alerting)
        // for as long as each insert took. While the partition's insert runs, the stage accumulates its next insert's
        // worth of events and the queue takes one insert's worth more, however they are batched; then Enqueue waits.
        var stage = Stage(storeBatchEvents: 10);
        store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));
        stage.Enqueue(Evaluated(Batch((0, 0, 9, ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"]))));
        (await store.InsertStarted.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("the first insert started");

        for (var i = 0; i < 10; i++)
        {
            stage.Enqueue(Evaluated(Batch((0, 10 + (2 * i), 11 + (2 * i), [$"b{i}x", $"b{i}y"]))));
        }

        stage.Budget.Queued.ShouldBe(10);
        stage.Budget.HasRoomFor(1).ShouldBeFalse("one insert's worth is waiting behind the one accumulated");
        store.Gate.SetResult();
        while ((await committer.NextAsync()).Single().Offset.Value < 30)
        {
            // One commit per range of partition 0, in offset order.
        }

        stage.Budget.Queued.ShouldBe(0);
        stage.Budget.HasRoomFor(int.MaxValue).ShouldBeTrue("an empty queue takes any batch");
        stage.Complete();
        await run;
        store.EventInserts.Sum(i => i.EventIds.Length).ShouldBe(30);
    }

    [Fact]
    public async Task RunAsync_InsertSizeReached_StoredWithoutWaitingForTheLinger()
    {
        var stage = Stage(storeBatchEvents: 2);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));

        stage.Enqueue(Evaluated(Batch((3, 0, 1, ["a", "b"]))));

        (await committer.NextAsync()).Single().Offset.Value.ShouldBe(2);
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task RunAsync_OnePartitionsInsertIsSlow_TheOtherPartitionGoesOnStoringAndCommitting()
    {
        // Each partition is a lane: a slow insert holds back its own partition's next range, not the other partitions'
        // (stored in rounds, every round waited for its slowest insert).
        var stage = Stage(storeBatchEvents: 2);
        store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.GatePartition = 0;
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));

        stage.Enqueue(Evaluated(Batch((0, 0, 1, ["a", "b"]), (1, 0, 1, ["c", "d"]))));
        (await store.InsertStarted.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("partition 0's insert started");
        (await committer.NextAsync()).Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(1, 2L)]);
        stage.Enqueue(Evaluated(Batch((1, 2, 3, ["e", "f"]))));
        (await committer.NextAsync()).Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(1, 4L)]);

        committer.Commits.ShouldNotContain(c => c.Any(o => o.Partition.Value == 0), "partition 0's insert has not finished");
        store.Gate.SetResult();
        (await committer.NextAsync()).Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(0, 2L)]);
        totals.EventsStored.ShouldBe(6);
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task RunAsync_OnePartitionsRangeHasLingered_TheOtherFreeRangesAreStoredWithIt()
    {
        // At a steady rate the partitions then insert side by side after one plan insert, as in rounds, instead of each
        // on its own clock (which at 60,000 events/s doubled the bench's event -> alert p99, benchmarks/README.md).
        var stage = Stage(storeBatchEvents: 1000);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));
        stage.Enqueue(Evaluated(Batch((0, 0, 0, ["a"]))));
        await clock.TimerCreatedAsync();
        clock.Advance(TimeSpan.FromMilliseconds(500));
        stage.Enqueue(Evaluated(Batch((1, 0, 0, ["b"]))));
        await clock.TimerCreatedAsync();

        clock.Advance(TimeSpan.FromMilliseconds(500));
        await committer.NextAsync();
        await committer.NextAsync();

        committer.Commits.SelectMany(c => c).Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(0, 1L), (1, 1L)], ignoreOrder: true);
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task RunAsync_SameIdTwiceInOnePartition_StoredOnceFirstDeliveryWins()
    {
        var stage = Stage(storeBatchEvents: 1000);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));

        stage.Enqueue(Evaluated(Batch((0, 0, 1, ["x"]))));
        await clock.TimerCreatedAsync();
        stage.Enqueue(Evaluated(Batch((0, 2, 3, ["x", "y"]))));
        await clock.TimerCreatedAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var commit = await committer.NextAsync();

        commit.Single().Offset.Value.ShouldBe(4);
        store.EventInserts.ShouldHaveSingleItem().EventIds.ShouldBe(["x", "y"]);
        (totals.Messages, totals.EventsStored).ShouldBe((4L, 2L));
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task RunAsync_PlannedRangeIncomplete_HeldBackThenStoredAsPlannedOnceComplete()
    {
        var stage = Stage(storeBatchEvents: 1000);
        stage.Plan(0, 20);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));

        stage.Enqueue(Evaluated(Batch((0, 10, 15, ["a"]), (1, 5, 6, ["b"]))));
        await clock.TimerCreatedAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        var first = await committer.NextAsync();
        var rest = Batch((0, 16, 20, ["c"]));
        rest.Sealed = true;
        stage.Enqueue(Evaluated(rest));
        var second = await committer.NextAsync();

        first.Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(1, 7L)], customMessage: "partition 0 waits for the rest of its planned range");
        second.Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(0, 21L)]);
        store.Plans.ShouldContain((0, 10L, 20L));
        var insert = store.EventInserts.Single(i => i.Partition == 0);
        insert.EventIds.ShouldBe(["a", "c"]);
        insert.Token.ShouldStartWith($"events/{Topic}/0/10-20/");
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task Flush_RevokedPartitionWithIncompletePlannedRange_DropsItAndCommitsTheOthers()
    {
        var stage = Stage(storeBatchEvents: 1000);
        stage.Plan(0, 20);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));
        stage.Enqueue(Evaluated(Batch((0, 10, 15, ["a"]), (1, 5, 6, ["b"]))));
        await clock.TimerCreatedAsync();

        await Task.Run(() => stage.Flush(new HashSet<int> { 0 }));
        stage.Complete();
        await run;

        committer.Commits.ShouldHaveSingleItem().Select(c => (c.Partition.Value, c.Offset.Value)).ShouldBe([(1, 7L)]);
        store.EventInserts.ShouldAllBe(i => i.Partition == 1, "the next owner replays partition 0's planned range");
    }

    [Fact]
    public async Task RunAsync_AlertsNotYetDurable_CommitWaitsForThem()
    {
        var stage = Stage(storeBatchEvents: 1);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        stage.Enqueue(new EvaluatedBatch(Batch((0, 0, 0, ["a"])), 2, durable.Task));
        await store.InsertedAsync();
        committer.Commits.ShouldBeEmpty("the events are stored but the alerts they raised are not acknowledged");
        durable.SetResult();
        await committer.NextAsync();

        totals.Alerts.ShouldBe(2);
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task RunAsync_StoreFailsTwice_StallsBacksOffOnTheClockAndRetriesTheSameInsert()
    {
        var stage = Stage(storeBatchEvents: 1);
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));
        store.FailNext(2);

        stage.Enqueue(Evaluated(Batch((0, 0, 0, ["a"]))));
        await clock.TimerCreatedAsync();
        health.Stalled.ShouldNotBeNull().ShouldContain("Connection refused");
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await clock.TimerCreatedAsync();
        committer.Commits.ShouldBeEmpty();
        clock.Advance(TimeSpan.FromMilliseconds(400));
        await committer.NextAsync();

        health.Stalled.ShouldBeNull("a store that succeeded clears the stall");
        health.Retries.ShouldBe(2);
        store.Plans.Distinct().ShouldHaveSingleItem("every attempt plans the same range");
        store.EventInserts.ShouldHaveSingleItem();
        stage.Complete();
        await run;
    }

    [Fact]
    public async Task RunAsync_StoppedWhileStalled_FailsWithoutCommittingAndRefusesMoreBatches()
    {
        var stage = Stage(storeBatchEvents: 1);
        using var stopping = new CancellationTokenSource();
        var run = Task.Run(() => stage.RunAsync(stopping.Token));
        store.FailNext(int.MaxValue);

        stage.Enqueue(Evaluated(Batch((0, 0, 0, ["a"]))));
        await clock.TimerCreatedAsync();
        await stopping.CancelAsync();

        (await Should.ThrowAsync<InvalidOperationException>(run)).Message.ShouldContain("replayed on the next start");
        committer.Commits.ShouldBeEmpty();
        Should.Throw<ChannelClosedException>(() => stage.Enqueue(Evaluated(Batch((0, 1, 1, ["b"])))));
    }

    [Fact]
    public async Task RunAsync_OneLaneCrashesBeforeItsCommit_AStalledLaneGivesUpWithoutCommittingAndTheStageFails()
    {
        // A failure in one partition's lane fails the stage: the other lanes stop waiting (here, for a store that is
        // down) and commit nothing more, and RunAsync returns only once they have ended.
        var stage = Stage(storeBatchEvents: 2);
        var proceed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stage.BeforeCommit = async () =>
        {
            await proceed.Task;
            throw new InvalidOperationException("simulated crash between store and commit");
        };
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));
        stage.Enqueue(Evaluated(Batch((0, 0, 1, ["a", "b"]))));
        await store.InsertedAsync();
        store.FailNext(int.MaxValue);
        stage.Enqueue(Evaluated(Batch((1, 0, 1, ["c", "d"]))));
        await clock.TimerCreatedAsync();
        health.Stalled.ShouldNotBeNull("partition 1's lane waits to retry its insert");

        proceed.SetResult();

        (await Should.ThrowAsync<InvalidOperationException>(run.WaitAsync(TimeSpan.FromSeconds(10)))).Message.ShouldContain("simulated crash");
        committer.Commits.ShouldBeEmpty();
        Should.Throw<ChannelClosedException>(() => stage.Enqueue(Evaluated(Batch((1, 2, 2, ["e"])))));
    }

    [Fact]
    public async Task RunAsync_RowRefusedByTheTable_DeadLetteredAsStoreRefusedAndTheRestCommitted()
    {
        var stage = Stage(storeBatchEvents: 2);
        store.Refuse.Add("bad");
        var run = Task.Run(() => stage.RunAsync(CancellationToken.None));

        stage.Enqueue(Evaluated(Batch((2, 40, 41, ["good", "bad"]))));
        await committer.NextAsync();

        var (token, deadLetters) = store.DeadLetterInserts.ShouldHaveSingleItem();
        token.ShouldStartWith($"deadletter/{Topic}/2/40-41/");
        var deadLetter = deadLetters.ShouldHaveSingleItem();
        deadLetter.Reason.ShouldBe(DeadLetterReason.StoreRefused.ToCode());
        deadLetter.Detail.ShouldContain("event bad");
        (totals.EventsStored, totals.DeadLetters).ShouldBe((1L, 1L));
        stage.Complete();
        await run;
    }

    public void Dispose()
    {
        health.Dispose();
        store.Dispose();
        committer.Dispose();
        clock.Dispose();
    }

    private StoreStage Stage(int storeBatchEvents) => new(
        new CorrelatorOptions { Topic = Topic, StoreBatchEvents = storeBatchEvents, StoreLinger = TimeSpan.FromSeconds(1) },
        store,
        committer,
        ledger,
        health,
        totals,
        clock,
        NullLogger.Instance);

    private static EvaluatedBatch Evaluated(EventBatch batch) => new(batch, 0, Task.CompletedTask);

    /// <summary>A consumed batch: per partition, an offset range with one message per offset and these event ids.</summary>
    private EventBatch Batch(params (int Partition, long First, long Last, string[] Ids)[] ranges)
    {
        var batch = new EventBatch();
        foreach (var (partition, first, last, ids) in ranges)
        {
            PartitionBatch range = null!;
            for (var offset = first; offset <= last; offset++)
            {
                range = batch.For(partition, offset);
                range.MessageCount++;
                batch.MessageCount++;
            }

            foreach (var id in ids)
            {
                range.Events.Add(new SecurityEvent { EventId = id, Timestamp = clock.GetUtcNow() });
            }

            batch.EventCount += ids.Length;
        }

        return batch;
    }
}
