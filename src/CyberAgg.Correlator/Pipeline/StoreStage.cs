using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Confluent.Kafka;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// The storage stage: merges evaluated batches into one large range per partition, inserts each range once, and
/// commits its offsets when its events are stored and the alerts of the batches in it durable. It runs beside
/// consumption, so neither waits on the other; a bounded queue between them is the backpressure.
/// </summary>
/// <remarks>
/// <para>
/// Each partition is a lane of its own: its range is inserted and committed while the other partitions' ranges go on
/// accumulating, inserting and committing, and its next range starts once the last one is committed. Storing the
/// partitions in rounds made every round wait for its slowest insert, with the embedded ClickHouse's sessions and the
/// consuming thread idle meanwhile (benchmarks/README.md). One range in flight per partition also means at most one
/// uncommitted plan per partition, which is what the next owner re-forms after a crash.
/// </para>
/// <para>
/// A range planned before a crash (see <see cref="BatchPlanStore"/>) is held back until it is complete, then stored
/// exactly as planned, so its insert repeats the original token and is dropped by ClickHouse.
/// </para>
/// </remarks>
internal sealed class StoreStage(
    CorrelatorOptions options,
    IPipelineStore store,
    IOffsetCommitter committer,
    EventIdLedger ledger,
    StoreHealth health,
    CorrelatorTotals totals,
    TimeProvider time,
    ILogger logger)
{
    private readonly Channel<StoreRequest> queue = Channel.CreateUnbounded<StoreRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EventBudget budget = new(options.StoreBatchEvents);
    private readonly ConcurrentDictionary<int, long> plannedEnds = new();
    private readonly SortedDictionary<int, PartitionBatch> accumulated = [];

    // When each accumulated range took its first batch, for the linger.
    private readonly Dictionary<int, long> accumulatedSince = [];

    // Per partition, the range being stored and committed.
    private readonly Dictionary<int, Task> lanes = [];
    private readonly List<Task> alertsInFlight = [];
    private readonly Lock commitGate = new();
    private long accumulatedAlerts;

    // Cancelled when the stage fails: lanes then neither commit nor wait any longer (for alerts, or a stalled store).
    private CancellationToken stageFailed;
    private CancellationToken laneStopping;
    private int storing;
    private long storingSince;

    /// <summary>Test seam for fault injection: runs after a range is stored and before its offsets are committed.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    /// <summary>Raised after a range is committed, with its event count.</summary>
    public event Action<int>? Committed;

    /// <summary>
    /// The evaluated events waiting for the store, at most one insert's worth (<c>store_batch_events</c>), so the next
    /// insert is ready when one finishes.
    /// </summary>
    internal EventBudget Budget => budget;

    /// <summary>A range replayed after a crash ends at <paramref name="lastOffset"/>: hold the partition back until it is complete.</summary>
    public void Plan(int partition, long lastOffset) => plannedEnds[partition] = lastOffset;

    /// <summary>
    /// Queues a batch; blocks while the events already queued leave no room for it (an empty queue always takes one),
    /// which is the backpressure on consumption.
    /// </summary>
    public void Enqueue(EvaluatedBatch batch)
    {
        // Rows now, on the consuming thread, while the events are young: the decoded objects then die in the youngest
        // generation instead of waiting in the queue and the accumulated insert (up to two inserts' worth, a second or
        // two) until the collector has copied them into the oldest. Their ingested_at is this moment.
        var acceptedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var range in batch.Batch.Partitions)
        {
            range.Encode(acceptedAt);
        }

        // False once the store failed: nothing was taken, and the write below throws the store's error.
        budget.Take(batch.Batch.EventCount);
        queue.Writer.WriteAsync(batch).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Stores everything queued so far and waits for its commit (before a partition hand-over).</summary>
    public void Flush(IReadOnlySet<int> revoked)
    {
        var request = new FlushRequest(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), revoked);
        queue.Writer.WriteAsync(request).AsTask().GetAwaiter().GetResult();
        request.Done.Task.GetAwaiter().GetResult();
    }

    /// <summary>No more batches: <see cref="RunAsync"/> stores what it holds and returns.</summary>
    public void Complete() => queue.Writer.TryComplete();

    /// <summary>
    /// Stores until <see cref="Complete"/>; <paramref name="stopping"/> ends only the wait of a stalled store (without
    /// committing). After a failed store nothing more is accepted: the queue is closed with the error.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var reader = queue.Reader;
        using var failing = new CancellationTokenSource();
        using var laneStop = CancellationTokenSource.CreateLinkedTokenSource(stopping, failing.Token);
        stageFailed = failing.Token;
        laneStopping = laneStop.Token;
        try
        {
            while (true)
            {
                await ReapLanesAsync();
                await StartDueAsync(force: false, null);
                if (lanes.Count > 0 && WaitingEvents() >= options.StoreBatchEvents)
                {
                    // An insert's worth waits for lanes still storing: stop taking batches, so the queue fills and
                    // consumption waits, until a lane is free.
                    await Task.WhenAny(lanes.Values);
                    continue;
                }

                var (item, ended) = await NextAsync(reader);
                if (ended)
                {
                    break;
                }

                switch (item)
                {
                    case EvaluatedBatch next:
                        Accumulate(next);
                        if (next.Batch.Sealed)
                        {
                            await StartDueAsync(force: true, null);
                        }

                        break;
                    case FlushRequest flush:
                        await StoreAllAsync(flush.Revoked);
                        flush.Done.TrySetResult();
                        break;
                }
            }

            await StoreAllAsync(null);
        }
        catch (Exception e)
        {
            // Nothing after a failed store may be committed: close the queue so consumption stops, and fail waiters.
            await failing.CancelAsync();
            try
            {
                // The other lanes end without committing; once this returns, the stage does nothing more.
                await Task.WhenAll(lanes.Values);
            }
            catch (Exception)
            {
                // Each lane's own error is the same failure seen from another partition, or its cancellation.
            }

            budget.Close();
            queue.Writer.TryComplete(e);
            while (reader.TryRead(out var left))
            {
                (left as FlushRequest)?.Done.TrySetException(e);
            }

            throw;
        }
    }

    /// <summary>
    /// The next request, waiting at most until the oldest range a free lane could store has lingered long enough, or a
    /// lane finishes (its partition's range may then be due); null when the wait ended without one. Ended: no more.
    /// </summary>
    private async Task<(StoreRequest? Item, bool Ended)> NextAsync(ChannelReader<StoreRequest> reader)
    {
        if (Take(reader) is { } ready)
        {
            return (ready, false);
        }

        var remaining = LingerLeft();
        if (remaining <= TimeSpan.Zero)
        {
            return (null, false);
        }

        using var wake = remaining is { } linger ? new CancellationTokenSource(linger, time) : new CancellationTokenSource();
        var read = reader.WaitToReadAsync(wake.Token).AsTask();
        if (lanes.Count > 0)
        {
            await Task.WhenAny(read, Task.WhenAny(lanes.Values));
            await wake.CancelAsync();
        }

        try
        {
            return await read ? (Take(reader), false) : (null, true);
        }
        catch (OperationCanceledException)
        {
            // The linger passed, or a lane finished, with nothing new: see what is due now.
            return (null, false);
        }
    }

    /// <summary>Takes the next request, if any, and makes room for the events it held.</summary>
    private StoreRequest? Take(ChannelReader<StoreRequest> reader)
    {
        if (!reader.TryRead(out var item))
        {
            return null;
        }

        if (item is EvaluatedBatch { Batch.EventCount: > 0 } taken)
        {
            budget.Return(taken.Batch.EventCount);
        }

        return item;
    }

    private void Accumulate(EvaluatedBatch next)
    {
        foreach (var range in next.Batch.Partitions)
        {
            if (!accumulated.TryGetValue(range.Partition, out var into))
            {
                into = new PartitionBatch(range.Partition, range.FirstOffset) { Rows = new EncodedEventRows() };
                accumulated[range.Partition] = into;
                accumulatedSince[range.Partition] = time.GetTimestamp();
            }

            into.LastOffset = Math.Max(into.LastOffset, range.LastOffset);
            into.MessageCount += range.MessageCount;
            using (var rows = range.Rows!)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    // The first delivery of an id in offset order wins, however the range was split into batches.
                    if (rows.EventId(i) is { } id && !into.EventKeys.Add(EventIdLedger.Key(id)))
                    {
                        into.Duplicates++;
                        CorrelatorInstrumentation.EventsDuplicate.Add(1);
                        continue;
                    }

                    into.Rows!.CopyFrom(rows, i);
                }
            }

            into.Duplicates += range.Duplicates;
            into.DeadLetters.AddRange(range.DeadLetters);
        }

        Interlocked.Add(ref accumulatedAlerts, next.AlertCount);
        alertsInFlight.Add(next.AlertsDurable);
    }

    /// <summary>Whether the partition's range was planned before a crash and is not complete yet (it is held back).</summary>
    private bool HeldByPlan(PartitionBatch range) => plannedEnds.TryGetValue(range.Partition, out var end) && range.LastOffset < end;

    private bool LaneFree(int partition) => !lanes.ContainsKey(partition);

    /// <summary>Whether the range could be stored now: its lane is free and no planned range holds it back.</summary>
    private bool Storable(PartitionBatch range) => LaneFree(range.Partition) && !HeldByPlan(range);

    /// <summary>Accumulated events that only wait for their lane or their size (not for a planned range to complete).</summary>
    private int WaitingEvents()
    {
        var events = 0;
        foreach (var range in accumulated.Values)
        {
            events += HeldByPlan(range) ? 0 : range.EventCount;
        }

        return events;
    }

    /// <summary>How long until the oldest range a free lane could store has lingered enough; null when there is none.</summary>
    private TimeSpan? LingerLeft()
    {
        TimeSpan? left = null;
        foreach (var range in accumulated.Values)
        {
            if (Storable(range))
            {
                var remaining = options.StoreLinger - time.GetElapsedTime(accumulatedSince[range.Partition]);
                left = left is { } l && l <= remaining ? l : remaining;
            }
        }

        return left;
    }

    /// <summary>
    /// Starts a lane for every accumulated range whose partition has none and that is due: all of them when forced (a
    /// sealed planned range, a flush, the end), when one of them has lingered <c>store_linger</c> or when the free ones
    /// hold an insert's worth (<c>store_batch_events</c>); otherwise each range that holds its share of an insert.
    /// </summary>
    private async Task StartDueAsync(bool force, IReadOnlySet<int>? revoked)
    {
        if (accumulated.Count == 0)
        {
            return;
        }

        var free = 0;
        var lingered = false;
        foreach (var range in accumulated.Values)
        {
            if (Storable(range))
            {
                free += range.EventCount;
                lingered |= time.GetElapsedTime(accumulatedSince[range.Partition]) >= options.StoreLinger;
            }
        }

        // Once one range has lingered, every free one goes with it: at a steady rate the partitions then share one
        // plan insert and insert side by side, as in rounds, instead of each on its own clock.
        var all = force || lingered || free >= options.StoreBatchEvents;
        var share = Math.Max(1, options.StoreBatchEvents / Math.Max(1, accumulated.Keys.Union(lanes.Keys).Count()));
        var ready = new List<PartitionBatch>();
        foreach (var range in accumulated.Values.ToList())
        {
            if (!LaneFree(range.Partition))
            {
                continue;
            }

            var planned = plannedEnds.TryGetValue(range.Partition, out var end);
            if (planned && range.LastOffset < end)
            {
                if (revoked?.Contains(range.Partition) == true)
                {
                    // The next owner replays this planned range itself; this instance may no longer commit it.
                    Drop(range);
                    plannedEnds.TryRemove(range.Partition, out _);
                    range.Rows?.Dispose();
                }

                continue;
            }

            if (!all && range.EventCount < share && time.GetElapsedTime(accumulatedSince[range.Partition]) < options.StoreLinger)
            {
                continue;
            }

            ready.Add(range);
            Drop(range);
            if (planned)
            {
                plannedEnds.TryRemove(range.Partition, out _);
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        // Planned before any is inserted, and in this order across calls: the plans from a partition's committed offset
        // on never skip a range, so a crash leaves at most one uncommitted plan per partition, and it is the first.
        await UntilDoneAsync(() => store.RecordPlansAsync(options.Topic, ready, CancellationToken.None), laneStopping);
        alertsInFlight.RemoveAll(t => t.IsCompletedSuccessfully);
        var alerts = alertsInFlight.ToArray();
        foreach (var range in ready)
        {
            lanes[range.Partition] = StoreLaneAsync(range, alerts, laneStopping, stageFailed);
        }
    }

    private void Drop(PartitionBatch range)
    {
        accumulated.Remove(range.Partition);
        accumulatedSince.Remove(range.Partition);
    }

    /// <summary>Forgets the lanes that are done; a lane that failed fails the stage.</summary>
    private async Task ReapLanesAsync()
    {
        foreach (var (partition, lane) in lanes.ToList())
        {
            if (lane.IsCompleted)
            {
                lanes.Remove(partition);
                await lane;
            }
        }
    }

    /// <summary>Stores every range held but incomplete planned ones (dropped if revoked), and waits until all are committed.</summary>
    private async Task StoreAllAsync(IReadOnlySet<int>? revoked)
    {
        await DrainLanesAsync();
        await StartDueAsync(force: true, revoked);
        await DrainLanesAsync();
    }

    private async Task DrainLanesAsync()
    {
        while (lanes.Count > 0)
        {
            await Task.WhenAny(lanes.Values);
            await ReapLanesAsync();
        }
    }

    /// <summary>Stores one range, waits for the alerts of the batches in it, and commits its partition's offset.</summary>
    private async Task StoreLaneAsync(PartitionBatch range, Task[] alerts, CancellationToken stopping, CancellationToken stageFailed)
    {
        // Off the stage's loop, which goes on accumulating and starting the other partitions' lanes.
        await Task.Yield();
        using var activity = CorrelatorInstrumentation.ActivitySource.StartActivity("correlator.store");
        var clock = Stopwatch.StartNew();
        BeginStoring();
        try
        {
            await UntilDoneAsync(() => StoreRangeAsync(range, CancellationToken.None), stopping);
        }
        finally
        {
            EndStoring();
        }

        var inserted = clock.Elapsed;
        await Task.WhenAll(alerts).WaitAsync(stageFailed);
        var stored = clock.Elapsed;
        if (BeforeCommit is { } fault)
        {
            await fault();
        }

        int events, deadLetters;
        lock (commitGate)
        {
            stageFailed.ThrowIfCancellationRequested();
            committer.Commit([new TopicPartitionOffset(options.Topic, range.Partition, range.LastOffset + 1)]);
            ledger.Committed(range.Partition, range.EventKeys);
            events = range.EventCount - range.Refused;
            deadLetters = range.DeadLetters.Count + range.Refused;
            totals.Add(range.MessageCount, events, Interlocked.Exchange(ref accumulatedAlerts, 0), deadLetters);
            Committed?.Invoke(events);
        }

        // Stored and committed: the chunks go back to the pool.
        range.Rows?.Dispose();
        CorrelatorInstrumentation.EventsStored.Add(events);
        CorrelatorInstrumentation.StageDuration.Record((stored - inserted).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "alert"));
        CorrelatorInstrumentation.StageDuration.Record((clock.Elapsed - stored).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "commit"));
        activity?.SetTag("cyberagg.events", events);
        activity?.SetTag("cyberagg.partition", range.Partition);
        Log.BatchStored(logger, events, 0, deadLetters, clock.Elapsed.TotalSeconds);
    }

    // The "store" stage's duration is the time some lane was inserting (lanes overlap), so its busy time stays wall time.
    private void BeginStoring()
    {
        lock (commitGate)
        {
            if (storing++ == 0)
            {
                storingSince = Stopwatch.GetTimestamp();
            }
        }
    }

    private void EndStoring()
    {
        lock (commitGate)
        {
            if (--storing == 0)
            {
                CorrelatorInstrumentation.StageDuration.Record(Stopwatch.GetElapsedTime(storingSince).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "store"));
            }
        }
    }

    /// <summary>
    /// Runs a storage step until it succeeds; while it fails in a way the writer's retries do not fix, reports the
    /// stall and tries again with backoff (the same tokens, so parts already stored are not stored twice). Consumption
    /// waits behind the full queue meanwhile. Only shutting down ends the wait, without committing.
    /// </summary>
    private async Task UntilDoneAsync(Func<Task> step, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await step();
                health.Progressed();
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                var backoff = health.Failed(e);
                try
                {
                    await Task.Delay(backoff, time, stopping);
                }
                catch (OperationCanceledException)
                {
                    throw new InvalidOperationException($"Stopped while storage was failing; the uncommitted ranges are replayed on the next start: {e.Message}", e);
                }
            }
        }
    }

    private async Task StoreRangeAsync(PartitionBatch range, CancellationToken cancellationToken)
    {
        var rows = range.Rows!;
        var refused = await store.StoreEventsAsync(rows, range.Partition, range.Token(options.Topic, "events"), cancellationToken);
        range.Refused = refused.Count;
        var deadLetters = range.DeadLetters;
        if (refused.Count > 0)
        {
            // A copy: a retried store refuses the same rows again and must not add them twice.
            deadLetters = [.. range.DeadLetters];
            var reason = DeadLetterReason.StoreRefused.ToCode();
            foreach (var (row, why) in refused)
            {
                var detail = $"event {rows.EventId(row)} at {new DateTime(rows.TimestampTicks(row), DateTimeKind.Utc):O} (offsets {range.FirstOffset}-{range.LastOffset}): {why}";
                Log.StoreRefused(logger, options.Topic, range.Partition, detail);
                CorrelatorInstrumentation.DeadLetters.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Reason, reason));
                var original = rows.Describe(row);
                deadLetters.Add(new DeadLetterRecord(time.GetUtcNow(), "correlator", rows.Partner(row), reason, detail, options.Topic, range.Partition, range.FirstOffset, original, original.Length));
            }
        }

        if (deadLetters.Count > 0)
        {
            await store.StoreDeadLettersAsync(deadLetters, range.Token(options.Topic, "deadletter"), cancellationToken);
        }
    }
}
