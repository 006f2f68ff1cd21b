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
/// commits offsets when the events are stored and the alerts durable. It runs beside consumption, so neither waits
/// on the other; a bounded queue between them is the backpressure.
/// </summary>
/// <remarks>
/// A range planned before a crash (see <see cref="BatchPlanStore"/>) is held back until it is complete, then stored
/// exactly as planned, so its insert repeats the original token and is dropped by ClickHouse.
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
    private readonly List<Task> alertsInFlight = [];
    private int accumulatedEvents;
    private int accumulatedAlerts;
    private long oldestAccumulated;

    /// <summary>Test seam for fault injection: runs after a batch is stored and before its offsets are committed.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    /// <summary>Raised after a batch is committed, with its event count.</summary>
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
        try
        {
            while (true)
            {
                StoreRequest? item = null;
                if (accumulated.Count == 0)
                {
                    if (!await reader.WaitToReadAsync(CancellationToken.None))
                    {
                        break;
                    }

                    item = Take(reader);
                }
                else if ((item = Take(reader)) is null)
                {
                    var remaining = options.StoreLinger - time.GetElapsedTime(oldestAccumulated);
                    if (remaining > TimeSpan.Zero)
                    {
                        using var linger = new CancellationTokenSource(remaining, time);
                        try
                        {
                            if (!await reader.WaitToReadAsync(linger.Token))
                            {
                                break;
                            }

                            item = Take(reader);
                        }
                        catch (OperationCanceledException)
                        {
                            // The linger passed with nothing new: store what is ready.
                        }
                    }
                }

                switch (item)
                {
                    case EvaluatedBatch next:
                        Accumulate(next);
                        if (next.Batch.Sealed || accumulatedEvents >= options.StoreBatchEvents)
                        {
                            await StoreReadyAsync(null, stopping);
                        }

                        break;
                    case FlushRequest flush:
                        await StoreReadyAsync(flush.Revoked, stopping);
                        flush.Done.TrySetResult();
                        break;
                    default:
                        await StoreReadyAsync(null, stopping);
                        break;
                }
            }

            await StoreReadyAsync(null, stopping);
        }
        catch (Exception e)
        {
            // Nothing after a failed store may be committed: close the queue so consumption stops, and fail waiters.
            budget.Close();
            queue.Writer.TryComplete(e);
            while (reader.TryRead(out var left))
            {
                (left as FlushRequest)?.Done.TrySetException(e);
            }

            throw;
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
        if (accumulated.Count == 0)
        {
            oldestAccumulated = time.GetTimestamp();
        }

        foreach (var range in next.Batch.Partitions)
        {
            if (!accumulated.TryGetValue(range.Partition, out var into))
            {
                into = new PartitionBatch(range.Partition, range.FirstOffset) { Rows = new EncodedEventRows() };
                accumulated[range.Partition] = into;
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

        accumulatedEvents += next.Batch.EventCount;
        accumulatedAlerts += next.AlertCount;
        alertsInFlight.Add(next.AlertsDurable);
    }

    /// <summary>Stores and commits every accumulated range that may be stored now.</summary>
    private async Task StoreReadyAsync(IReadOnlySet<int>? revoked, CancellationToken stopping)
    {
        if (accumulated.Count == 0)
        {
            return;
        }

        var ready = new List<PartitionBatch>();
        foreach (var range in accumulated.Values.ToList())
        {
            var planned = plannedEnds.TryGetValue(range.Partition, out var end);
            if (planned && range.LastOffset < end)
            {
                if (revoked?.Contains(range.Partition) == true)
                {
                    // The next owner replays this planned range itself; this instance may no longer commit it.
                    accumulated.Remove(range.Partition);
                    plannedEnds.TryRemove(range.Partition, out _);
                    range.Rows?.Dispose();
                }

                continue;
            }

            ready.Add(range);
            accumulated.Remove(range.Partition);
            if (planned)
            {
                plannedEnds.TryRemove(range.Partition, out _);
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        using var activity = CorrelatorInstrumentation.ActivitySource.StartActivity("correlator.store");
        var clock = Stopwatch.StartNew();
        await StoreUntilDoneAsync(ready, stopping);
        var inserted = clock.Elapsed;
        await Task.WhenAll(alertsInFlight);
        alertsInFlight.Clear();
        var stored = clock.Elapsed;
        if (BeforeCommit is { } fault)
        {
            await fault();
        }

        committer.Commit(ready.Select(p => new TopicPartitionOffset(options.Topic, p.Partition, p.LastOffset + 1)).ToList());
        foreach (var range in ready)
        {
            ledger.Committed(range.Partition, range.EventKeys);
        }

        var events = ready.Sum(r => r.EventCount - r.Refused);
        var deadLetters = ready.Sum(r => r.DeadLetters.Count + r.Refused);
        totals.Add(ready.Sum(r => r.MessageCount), events, accumulatedAlerts, deadLetters);
        accumulatedAlerts = 0;
        accumulatedEvents = accumulated.Values.Sum(r => r.EventCount);
        foreach (var range in ready)
        {
            // Stored and committed: the chunks go back to the pool.
            range.Rows?.Dispose();
        }

        oldestAccumulated = time.GetTimestamp();
        CorrelatorInstrumentation.EventsStored.Add(events);
        CorrelatorInstrumentation.StageDuration.Record(inserted.TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "store"));
        CorrelatorInstrumentation.StageDuration.Record((stored - inserted).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "alert"));
        CorrelatorInstrumentation.StageDuration.Record((clock.Elapsed - stored).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "commit"));
        activity?.SetTag("cyberagg.events", events);
        Log.BatchStored(logger, events, 0, deadLetters, clock.Elapsed.TotalSeconds);
        Committed?.Invoke(events);
    }

    /// <summary>
    /// Plans and inserts the ranges; while inserting fails in a way the writer's retries do not fix, reports the stall
    /// and tries again with backoff (the same tokens, so parts already stored are not stored twice). Consumption waits
    /// behind the full queue meanwhile. Only shutting down ends the wait, without committing.
    /// </summary>
    private async Task StoreUntilDoneAsync(List<PartitionBatch> ready, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await store.RecordPlansAsync(options.Topic, ready, CancellationToken.None);
                await Task.WhenAll(ready.Select(range => StoreRangeAsync(range, CancellationToken.None)));
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
