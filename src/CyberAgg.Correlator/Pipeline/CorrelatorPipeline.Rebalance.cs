using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Partition hand-over: replay planned ranges on assignment, flush before revocation.</summary>
public sealed partial class CorrelatorPipeline
{
    private readonly HashSet<int> assigned = [];
    private readonly Dictionary<int, long> lastConsumed = [];
    private volatile bool resumeRequested;
    private bool resumed;

    /// <summary>Test seam: partitions paused as soon as they are assigned (consumed more slowly than the others).</summary>
    internal IReadOnlySet<int> PauseOnAssign { get; set; } = new HashSet<int>();

    /// <summary>Test seam: resumes the partitions <see cref="PauseOnAssign"/> paused, from the consuming thread.</summary>
    internal void ResumePaused() => resumeRequested = true;

    private void ResumeIfRequested(IConsumer<byte[]?, PooledBytes> source)
    {
        if (resumeRequested)
        {
            resumeRequested = false;
            resumed = true;
            source.Resume(source.Assignment.Where(p => PauseOnAssign.Contains(p.Partition.Value)));
        }
    }

    /// <summary>Pauses a partition of <see cref="PauseOnAssign"/> at its first message, rewinding to it; true when it was.</summary>
    private bool HoldBack(ConsumeResult<byte[]?, PooledBytes> result)
    {
        if (resumed || PauseOnAssign.Count == 0 || !PauseOnAssign.Contains(result.Partition.Value) || consumer is not { } source)
        {
            return false;
        }

        source.Pause([result.TopicPartition]);
        source.Seek(result.TopicPartitionOffset);
        result.Message.Value.Return();
        return true;
    }

    /// <summary>Partitions of the events topic this instance owns now.</summary>
    public int AssignedPartitions
    {
        get
        {
            lock (assigned)
            {
                return assigned.Count;
            }
        }
    }

    private void OnAssigned(IConsumer<byte[]?, PooledBytes> source, List<TopicPartition> partitions)
    {
        try
        {
            Assign(source, partitions);
        }
        catch
        {
            // An assignment half done would leave the partitions owned and never consumed: fail the consumer
            // rather than let it idle silently (the consuming loop lets this one through).
            handlerFailed = true;
            throw;
        }
    }

    private void Assign(IConsumer<byte[]?, PooledBytes> source, List<TopicPartition> partitions)
    {
        lock (assigned)
        {
            assigned.UnionWith(partitions.Select(p => p.Partition.Value));
        }

        if (partitions.Count == 0)
        {
            return;
        }

        if (!options.ScaleOut)
        {
            RestoreWindows(partitions.Select(p => p.Partition.Value).ToList());
        }

        // Right after a broker came back its partitions may be unknown to the client for a while: retry, and if it
        // lasts, go on without what the answer adds (the gap check, the planned range; the duplicate ledger still
        // keeps a replay from being stored twice) rather than fail the assignment.
        if (!TryRetry(() => source.Committed(partitions, TimeSpan.FromSeconds(30)), out var committed))
        {
            Log.AssignmentDegraded(logger, string.Join(", ", partitions.Select(p => p.Partition.Value)), "committed offsets");
            return;
        }

        foreach (var position in committed)
        {
            var start = position.Offset.Value;
            if (!TryRetry(() => source.QueryWatermarkOffsets(position.TopicPartition, TimeSpan.FromSeconds(30)).Low.Value, out var low))
            {
                Log.AssignmentDegraded(logger, position.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "the low watermark");
                continue;
            }

            if (start >= 0 && low > start)
            {
                // Committed below what Kafka still holds: everything between was deleted before it was consumed.
                UntilStorageAnswers(() => gaps.ReportAsync(options.Topic, position.Partition.Value, start, low - 1, CancellationToken.None).GetAwaiter().GetResult(), "the gap record of an assigned partition");
                start = low;
            }

            if (start < 0)
            {
                start = low;
            }

            lastConsumed[position.Partition.Value] = start - 1;

            var end = UntilStorageAnswers(() => plans.FindPlannedEndAsync(options.Topic, position.Partition.Value, start, CancellationToken.None).GetAwaiter().GetResult(), "the planned range of an assigned partition");
            if (end is { } last)
            {
                // A batch from this offset was planned and maybe inserted, then not committed: re-form it exactly.
                plannedEnds[position.Partition.Value] = last;
                store.Plan(position.Partition.Value, last);
                Log.ReplayingPlannedRange(logger, position.Partition.Value, start, last);
            }
        }
    }

    /// <summary>A client call inside a rebalance, retried with backoff on non-fatal errors (four tries, about 6 s).</summary>
    private bool TryRetry<T>(Func<T> call, out T value)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                value = call();
                return true;
            }
            catch (KafkaException e) when (!e.Error.IsFatal)
            {
                Log.ConsumerError(logger, e.Error.Reason);
                if (attempt == 4)
                {
                    value = default!;
                    return false;
                }

                Task.Delay(TimeSpan.FromSeconds(attempt), time).GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>
    /// A storage read or write of an assignment, retried with backoff while ClickHouse cannot answer it (down, a table
    /// gone), as the storage stage retries its inserts: the stall shows on <c>/readyz</c>, nothing is consumed
    /// meanwhile (nothing could be stored either), and only stopping ends the wait. Failing the assignment instead
    /// ended the consumer, and with it <c>cyberagg serve</c>, whenever a rebalance met ClickHouse unavailable.
    /// </summary>
    /// <remarks>A restore cut short is run again whole: what it had replayed comes again with the same ids and times,
    /// and the correlation engine counts such copies once.</remarks>
    private T UntilStorageAnswers<T>(Func<T> call, string what)
    {
        var failed = false;
        while (true)
        {
            try
            {
                var value = call();
                if (failed)
                {
                    storeHealth.Progressed();
                }

                return value;
            }
            catch (Exception e) when (e is not OperationCanceledException && !runStopping.IsCancellationRequested)
            {
                failed = true;
                var backoff = storeHealth.Failed(e, what);
                try
                {
                    Task.Delay(backoff, time, runStopping).GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    throw new OperationCanceledException($"Stopped while ClickHouse could not answer {what}: {e.Message}", e, runStopping);
                }
            }
        }
    }

    private void UntilStorageAnswers(Action call, string what) => UntilStorageAnswers(() => { call(); return true; }, what);

    /// <summary>
    /// Restores the open correlation windows of newly assigned partitions from the events already stored for them,
    /// so a restart, crash or rebalance opens no blind spot; alerts the restore raises that were stored before are
    /// not raised again.
    /// </summary>
    private void RestoreWindows(List<int> partitions)
    {
        foreach (var partition in partitions)
        {
            watermarks.Assign(partition);
            watermarks.SetBacklog(partition, true);
            unconfirmed.Add(partition);
            lastProbes.Remove(partition);
        }

        if (!ledgerSeeded && partitions.Count > 0)
        {
            SeedLedger();
        }

        if (!options.RestoreState || partitions.Count == 0)
        {
            return;
        }

        var restored = UntilStorageAnswers(() => restore.RunAsync(partitions, evaluator, watermarks, CancellationToken.None).GetAwaiter().GetResult(), "the restore of the assigned partitions' windows");
        if (restored.Count > 0)
        {
            evaluate.Raised(restored);
        }
    }

    /// <summary>The ids stored in the last <see cref="LedgerSeedReach"/>, newest first, at most a million.</summary>
    internal static string LedgerSeedQuery(string database)
    {
        var reach = ((long)LedgerSeedReach.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"SELECT event_id FROM {database}.events WHERE ingested_at >= now64(3) - INTERVAL {reach} SECOND AND event_id != '' ORDER BY ingested_at DESC LIMIT 1000000";
    }

    /// <summary>
    /// Before the first assigned message: the ids stored in the last <see cref="LedgerSeedReach"/> (by arrival, any
    /// partition), so a copy of an event stored before a crash or restart is recognised as one, whatever time the event
    /// carries (a replay of last month's logs too). The <c>ingested_at</c> min/max index (migration 0032) keeps the
    /// query to the granules stored in that time (see docs/contract.md, "event.id and restarts").
    /// </summary>
    private void SeedLedger()
    {
        try
        {
            var rows = writer.QueryAsync(LedgerSeedQuery(clickHouse.Database), CancellationToken.None).GetAwaiter().GetResult();
            ledger.Seed(rows.Select(r => r[0]));
            ledgerSeeded = true;
            Log.LedgerSeeded(logger, rows.Count, LedgerSeedReach);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the insert tokens still catch replays of whole batches; the next assignment tries again.
            Log.LedgerSeedFailed(logger, e.Message);
        }
    }

    private void OnRevoked(IConsumer<byte[]?, PooledBytes> source, List<TopicPartitionOffset> partitions)
    {
        lock (assigned)
        {
            assigned.ExceptWith(partitions.Select(p => p.Partition.Value));
        }

        if (closing)
        {
            // Closing: everything read was already handed to, and stored by, the storage stage.
            return;
        }

        foreach (var partition in partitions)
        {
            watermarks.Revoke(partition.Partition.Value);
            unconfirmed.Remove(partition.Partition.Value);
        }

        // Store and commit what was read before another instance takes these partitions over.
        Log.FlushingOnRevoke(logger);
        try
        {
            // Everything evaluated so far is stored and committed before the hand-over.
            HandOver();
            store.Flush(partitions.Select(p => p.Partition.Value).ToHashSet());
        }
        finally
        {
            foreach (var partition in partitions)
            {
                ledger.Forget(partition.Partition.Value);
            }
        }
    }

    private void OnLost(IConsumer<byte[]?, PooledBytes> source, List<TopicPartitionOffset> partitions)
    {
        // Lost partitions can no longer be committed by this instance: drop their uncommitted part; the new owner replays it.
        lock (assigned)
        {
            assigned.ExceptWith(partitions.Select(p => p.Partition.Value));
        }

        // Their ranges already queued are still stored (their tokens make that harmless); the commit is refused.
        foreach (var lost in partitions)
        {
            watermarks.Revoke(lost.Partition.Value);
            unconfirmed.Remove(lost.Partition.Value);
            ledger.Forget(lost.Partition.Value);
            batch.Remove(lost.Partition.Value);
            plannedEnds.Remove(lost.Partition.Value);
        }
    }
}
