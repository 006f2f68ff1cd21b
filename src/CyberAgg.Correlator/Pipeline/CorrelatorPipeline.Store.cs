using System.Diagnostics;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Correlator.Telemetry;

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
public sealed partial class CorrelatorPipeline
{
    private readonly SortedDictionary<int, PartitionBatch> accumulated = [];
    private readonly List<Task> alertsInFlight = [];
    private int accumulatedEvents;
    private int accumulatedAlerts;
    private long oldestAccumulated;

    /// <summary>Asks the storage stage to store everything queued before it (dropping <see cref="Revoked"/> partitions' unplanned leftovers).</summary>
    private sealed record FlushRequest(TaskCompletionSource Done, IReadOnlySet<int> Revoked);

    private async Task StoreLoopAsync()
    {
        var reader = storeQueue.Reader;
        try
        {
            while (true)
            {
                object? item = null;
                if (accumulated.Count == 0)
                {
                    if (!await reader.WaitToReadAsync())
                    {
                        break;
                    }

                    reader.TryRead(out item);
                }
                else if (!reader.TryRead(out item))
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

                            reader.TryRead(out item);
                        }
                        catch (OperationCanceledException)
                        {
                            // The linger passed with nothing new: store what is ready.
                        }
                    }
                }

                switch (item)
                {
                    case EventBatch next:
                        Accumulate(next);
                        if (next.Sealed || accumulatedEvents >= options.StoreBatchEvents)
                        {
                            await StoreReadyAsync(null);
                        }

                        break;
                    case FlushRequest flush:
                        await StoreReadyAsync(flush.Revoked);
                        flush.Done.TrySetResult();
                        break;
                    default:
                        await StoreReadyAsync(null);
                        break;
                }
            }

            await StoreReadyAsync(null);
        }
        catch (Exception e)
        {
            // Nothing after a failed store may be committed: close the queue so consumption stops, and fail waiters.
            storeQueue.Writer.TryComplete(e);
            while (reader.TryRead(out var left))
            {
                (left as FlushRequest)?.Done.TrySetException(e);
            }

            throw;
        }
    }

    /// <summary>Stores every batch evaluated so far and waits for the commit (before a partition hand-over).</summary>
    private void StoreEverything(IReadOnlySet<int> revoked)
    {
        HandOver();
        var request = new FlushRequest(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), revoked);
        storeQueue.Writer.WriteAsync(request).AsTask().GetAwaiter().GetResult();
        request.Done.Task.GetAwaiter().GetResult();
    }

    private void Accumulate(EventBatch next)
    {
        if (accumulated.Count == 0)
        {
            oldestAccumulated = time.GetTimestamp();
        }

        foreach (var range in next.Partitions)
        {
            if (!accumulated.TryGetValue(range.Partition, out var into))
            {
                into = new PartitionBatch(range.Partition, range.FirstOffset);
                accumulated[range.Partition] = into;
            }

            into.LastOffset = Math.Max(into.LastOffset, range.LastOffset);
            into.MessageCount += range.MessageCount;
            foreach (var e in range.Events)
            {
                // The first delivery of an id in offset order wins, however the range was split into batches.
                if (e.EventId is { } id && !into.EventIds.Add(id))
                {
                    into.Duplicates++;
                    CorrelatorInstrumentation.EventsDuplicate.Add(1);
                    continue;
                }

                into.Events.Add(e);
            }

            into.Duplicates += range.Duplicates;
            into.DeadLetters.AddRange(range.DeadLetters);
        }

        accumulatedEvents += next.EventCount;
        accumulatedAlerts += next.AlertCount;
        alertsInFlight.Add(next.AlertsDurable);
    }

    /// <summary>Stores and commits every accumulated range that may be stored now.</summary>
    private async Task StoreReadyAsync(IReadOnlySet<int>? revoked)
    {
        if (accumulated.Count == 0)
        {
            return;
        }

        var ready = new List<PartitionBatch>();
        foreach (var range in accumulated.Values.ToList())
        {
            var planned = storePlans.TryGetValue(range.Partition, out var end);
            if (planned && range.LastOffset < end)
            {
                if (revoked?.Contains(range.Partition) == true)
                {
                    // The next owner replays this planned range itself; this instance may no longer commit it.
                    accumulated.Remove(range.Partition);
                    storePlans.TryRemove(range.Partition, out _);
                }

                continue;
            }

            ready.Add(range);
            accumulated.Remove(range.Partition);
            if (planned)
            {
                storePlans.TryRemove(range.Partition, out _);
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        using var activity = CorrelatorInstrumentation.ActivitySource.StartActivity("correlator.store");
        var clock = Stopwatch.StartNew();
        await StoreUntilDoneAsync(ready);
        await Task.WhenAll(alertsInFlight);
        alertsInFlight.Clear();
        var stored = clock.Elapsed;
        if (BeforeCommit is { } fault)
        {
            await fault();
        }

        Commit(ready);
        foreach (var range in ready)
        {
            ledger.Committed(range.Partition, range.EventIds);
        }
        var events = ready.Sum(r => r.Events.Count - r.Refused);
        var deadLetters = ready.Sum(r => r.DeadLetters.Count + r.Refused);
        Totals.Add(ready.Sum(r => r.MessageCount), events, accumulatedAlerts, deadLetters);
        accumulatedAlerts = 0;
        accumulatedEvents = accumulated.Values.Sum(r => r.Events.Count);
        oldestAccumulated = time.GetTimestamp();
        CorrelatorInstrumentation.EventsStored.Add(events);
        CorrelatorInstrumentation.StageDuration.Record(stored.TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "store"));
        CorrelatorInstrumentation.StageDuration.Record((clock.Elapsed - stored).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "commit"));
        activity?.SetTag("cyberagg.events", events);
        Log.BatchStored(logger, events, 0, deadLetters, clock.Elapsed.TotalSeconds);
        BatchCommitted?.Invoke(events);
    }

    /// <summary>
    /// Plans and inserts the ranges; while inserting fails in a way the writer's retries do not fix, reports the stall
    /// and tries again with backoff (the same tokens, so parts already stored are not stored twice). Consumption waits
    /// behind the full queue meanwhile. Only shutting down ends the wait, without committing.
    /// </summary>
    private async Task StoreUntilDoneAsync(List<PartitionBatch> ready)
    {
        while (true)
        {
            try
            {
                await plans.RecordAsync(options.Topic, ready, CancellationToken.None);
                await Task.WhenAll(ready.Select(range => StoreRangeAsync(range, CancellationToken.None)));
                storeHealth.Progressed();
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                var backoff = storeHealth.Failed(e);
                try
                {
                    await Task.Delay(backoff, time, stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new InvalidOperationException($"Stopped while storage was failing; the uncommitted ranges are replayed on the next start: {e.Message}", e);
                }
            }
        }
    }

    private void Commit(List<PartitionBatch> ranges) =>
        OffsetCommits.Commit(consumer, ranges.Select(p => new TopicPartitionOffset(options.Topic, p.Partition, p.LastOffset + 1)).ToList(), logger, "correlator events consumer");
}
