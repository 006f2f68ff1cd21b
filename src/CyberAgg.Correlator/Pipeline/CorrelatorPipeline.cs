using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events.Alerts;
using CyberAgg.Events.Ingest;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// The correlator: consume → decode → evaluate rules → store events and alerts → publish alerts → commit offsets.
/// </summary>
/// <remarks>
/// Offsets are committed only after a batch's events are in ClickHouse and the alerts it raised are stored and
/// acknowledged by Kafka. A crash replays from the last commit; each partition range is planned before it is
/// inserted and replayed with the same deduplication token, so nothing is lost or stored twice.
/// </remarks>
public sealed partial class CorrelatorPipeline : IDisposable
{
    private readonly CorrelatorOptions options;
    private readonly KafkaOptions kafka;
    private readonly ClickHouseOptions clickHouse;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly DecodeStage decode;
    private readonly RuleEvaluator evaluator;
    private readonly ClickHouseWriter writer;
    private readonly StoreHealth storeHealth;
    private readonly ConsumerCommitter committer;
    private readonly StoreStage store;
    private readonly CancellationTokenSource stopping = new();
    private readonly BatchPlanStore plans;
    private readonly KafkaPublisher publisher;
    private readonly EvaluateStage evaluate;
    private readonly PartitionWatermarks watermarks;
    private readonly EventTimeAccounting eventTime;
    private readonly WindowRestore restore;
    private readonly EventIdLedger ledger = new(1_000_000);
    private readonly GapReporter gaps;
    private readonly Dictionary<int, (long Reported, long Next)> failedRecords = [];
    private readonly Dictionary<int, long> lastProbes = [];

    // Assigned partitions whose backlog the broker has not confirmed yet (just assigned, or the last probe failed):
    // they hold the watermark back until it answers, so neither the time a restore or a busy batch takes nor a lost
    // connection to their leader can make them look idle.
    private readonly HashSet<int> unconfirmed = [];

    /// <summary>How far back (by arrival) the ids of stored events are read into the ledger at start.</summary>
    internal static readonly TimeSpan LedgerSeedReach = TimeSpan.FromMinutes(30);

    private bool ledgerSeeded;

    // Set when a rebalance handler failed: its exception must end the consumer, not be taken for a client event.
    private bool handlerFailed;
    private long lastTick;
    private readonly Dictionary<int, long> plannedEnds = [];
    private volatile bool closing;

    // The run's stop, for waits inside rebalance handlers (which the consumer calls on this thread).
    private CancellationToken runStopping;
    private readonly RuleSet rules;
    private IConsumer<byte[]?, PooledBytes>? consumer;
    private EventBatch batch = new();

    public CorrelatorPipeline(
        CorrelatorOptions options,
        KafkaOptions kafka,
        ClickHouseOptions clickHouse,
        RuleSet rules,
        IngestOptions ingest,
        ILogger logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        this.rules = rules;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(ingest);

        // First: bad ingest keys refuse the pipeline before it opens any client.
        var decoder = new IngestDecoder(ingest.BuildKeyRing(), new IngestDecoderOptions { Trust = ingest.Trust });
        evaluator = new RuleEvaluator(rules, options.Lateness, options.DetectionAlerts, time, options.EarlyFiring, options.EarlyHorizon);
        storeHealth = new StoreHealth(logger, time);
        writer = new ClickHouseWriter(clickHouse.ConnectionString(), time, storeHealth.Retrying);
        plans = new BatchPlanStore(writer, clickHouse.Database);
        publisher = new KafkaPublisher(kafka.ToProducerConfig(), logger);
        committer = new ConsumerCommitter(logger);
        store = new StoreStage(options, new PipelineStore(writer, plans, publisher, clickHouse.Database), committer, ledger, storeHealth, Totals, time, logger);
        store.Committed += events => BatchCommitted?.Invoke(events);
        watermarks = new PartitionWatermarks(options.Lateness, options.IdleTimeout, time);
        eventTime = new EventTimeAccounting(options.MaxClockSkew, EventRows.Retention, time, logger);
        evaluate = new EvaluateStage(options, evaluator, watermarks, eventTime, new AlertSink(writer, publisher, clickHouse.Database), publisher, Totals, time);
        evaluate.AlertsCommitted += alerts => AlertsCommitted?.Invoke(alerts);
        evaluate.AlertsRaised += alerts => AlertsRaised?.Invoke(alerts);
        decode = new DecodeStage(decoder, eventTime, ledger, time, logger);
        restore = new WindowRestore(writer, clickHouse.Database, options, rules, time, logger);
        gaps = new GapReporter(writer, clickHouse.Database, options.GroupId, logger);
    }

    /// <summary>The correlation watermark: events older than it are late (stored, not correlated).</summary>
    public DateTimeOffset Watermark => evaluator.Watermark;

    /// <summary>Events behind the watermark since start (stored, not correlated).</summary>
    public long LateEvents => eventTime.Late;

    /// <summary>Events stamped ahead of the wall clock beyond the allowed skew since start.</summary>
    public long FutureEvents => eventTime.Future;

    /// <summary>Null while events are stored; else why the pipeline cannot store (it retries, consumption waits).</summary>
    public string? StoreStalled => storeHealth.Stalled;

    /// <summary>Inserts retried since start, transient or stalled.</summary>
    public long StoreRetries => storeHealth.Retries;

    /// <summary>Raised after a batch's alerts are durable, for in-process listeners (the API's live stream, the demo).</summary>
    public event Action<IReadOnlyList<Alert>>? AlertsCommitted;

    /// <summary>Raised when rules fire, before the alerts are durable: what part of event → alert is storing them.</summary>
    public event Action<IReadOnlyList<Alert>>? AlertsRaised;

    /// <summary>Raised after a batch is committed, with its event count.</summary>
    public event Action<int>? BatchCommitted;

    /// <summary>Test seam for fault injection: runs after a batch is stored and before its offsets are committed.</summary>
    internal Func<Task>? BeforeCommit
    {
        get => store.BeforeCommit;
        set => store.BeforeCommit = value;
    }

    /// <summary>Running totals since start.</summary>
    public CorrelatorTotals Totals { get; } = new();

    /// <summary>The name of the consuming loop's thread (at most 15 characters, the length Linux keeps).</summary>
    public const string LoopThreadName = "correlator loop";

    /// <summary>Consumes until cancelled; the batch in hand is stored and committed before returning.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken cancellationToken)
    {
        // Named, so a profile or /proc/<pid>/task tells its CPU (consume, decode, rules, row encoding) from the store's.
        Thread.CurrentThread.Name = LoopThreadName;
        runStopping = cancellationToken;
        var config = KafkaClients.ManualCommit(kafka.ToConsumerConfig(options.GroupId));
        config.FetchMaxBytes = 64 * 1024 * 1024;
        config.MaxPartitionFetchBytes = 16 * 1024 * 1024;
        // Caught up, a fetch waits at most this long for new data. The embedded Kafka answers a waiting fetch only when
        // the wait is over, so the wait is part of event -> alert there (the default 500 ms was most of it; 50 -> 10 ms
        // took the bench's event -> rule fired at load from p50 80-85 / p99 178-225 ms to 48-58 / 142-159 ms); a real
        // broker answers as soon as data arrives, and an idle consumer's 100 empty fetches a second per broker cost it little.
        config.FetchWaitMaxMs = 10;
        using var built = KafkaClients.PooledConsumer<byte[]?>(config, "correlator events consumer", logger)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler(OnRevoked)
            .SetPartitionsLostHandler(OnLost)
            .Build();
        consumer = built;
        committer.Consumer = built;
        built.Subscribe(options.Topic);
        Log.Started(logger, options.Topic, options.GroupId, rules.DetectionRules.Count, rules.CorrelationRules.Count);
        var storing = Task.Run(() => store.RunAsync(stopping.Token), CancellationToken.None);
        try
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested && !storing.IsCompleted)
                {
                    FillBatch(built, cancellationToken);
                    HandOver();
                    Tick(built);
                    ResumeIfRequested(built);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped inside an assignment that was waiting for storage to answer: a stop like any other, with
                // nothing consumed from the partitions it was assigning.
            }

            HandOver();
            evaluate.DrainAsync().GetAwaiter().GetResult();
        }
        finally
        {
            closing = true;
            stopping.Cancel();
            store.Complete();
            try
            {
                // A failed store is the error worth reporting, rather than the closed queue it left behind.
                storing.GetAwaiter().GetResult();
            }
            finally
            {
                CloseQuietly(built);
            }
        }
    }

    /// <summary>
    /// Between batches, about once a second: refreshes which partitions still have a backlog and moves the watermark
    /// (idle partitions stop holding it back), so a quiet stream's last windows are still decided.
    /// </summary>
    private void Tick(IConsumer<byte[]?, PooledBytes> source)
    {
        if (lastTick != 0 && time.GetElapsedTime(lastTick) < TimeSpan.FromSeconds(1))
        {
            return;
        }

        lastTick = time.GetTimestamp();
        foreach (var partition in source.Assignment)
        {
            var p = partition.Partition.Value;
            var high = source.GetWatermarkOffsets(partition).High.Value;
            var probed = -2L;
            if (high < 0 && (watermarks.MayBeIdle(p) || unconfirmed.Contains(p)) && ProbeDue(p))
            {
                // Not fetched yet in this session (just assigned, paused, or behind the others) and about to stop
                // holding the watermark back: ask the broker, at most once per idle timeout, so a partition that is
                // merely slow is not taken for idle. Once fetched, the client's own figure is used: every fetch
                // carries it. It can be stale while the connection to the partition's leader is down (requests time
                // out only after socket.timeout.ms, 60 s), so an idle timeout shorter than an outage plus that lets
                // the partition go idle and its events arrive late (counted); see docs/soak.md.
                probed = QueryHigh(source, partition);
            }

            if (high < 0 && (probed == -1 || (probed == -2 && unconfirmed.Contains(p))))
            {
                // Nothing known (never fetched, and the broker did not answer or was not asked yet): a backlog until
                // it answers, so correlation waits rather than drop the partition's events as late. A partition
                // fetched before whose probe fails falls back on the client's figure: like a quiet source in Flink,
                // it stops holding the watermark after the idle timeout, and what it delivers later is late (counted).
                unconfirmed.Add(p);
                watermarks.SetBacklog(p, true);
                continue;
            }

            high = Math.Max(high, probed);
            var position = source.Position(partition).Value;
            if (position < 0 && lastConsumed.TryGetValue(partition.Partition.Value, out var last) && last >= -1)
            {
                // Nothing consumed from it in this session yet: it stands where it was assigned (its committed offset).
                position = last + 1;
            }

            // Not consumed from yet, but holding messages: a backlog until the consumer has caught up.
            bool? backlog = high < 0 ? null : position < 0 ? high > 0 : position < high;
            unconfirmed.Remove(p);
            watermarks.SetBacklog(p, backlog);
        }

        evaluate.AdvanceBetweenBatches();
    }

    private bool ProbeDue(int partition)
    {
        var interval = options.IdleTimeout > TimeSpan.FromSeconds(1) ? options.IdleTimeout : TimeSpan.FromSeconds(1);
        if (lastProbes.TryGetValue(partition, out var last) && time.GetElapsedTime(last) < interval)
        {
            return false;
        }

        lastProbes[partition] = time.GetTimestamp();
        return true;
    }

    private long QueryHigh(IConsumer<byte[]?, PooledBytes> source, TopicPartition partition)
    {
        try
        {
            return source.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(2)).High.Value;
        }
        catch (KafkaException e)
        {
            Log.ConsumerError(logger, e.Error.Reason);
            return -1;
        }
    }

    private long lastGauges;

    // The state walk and the lag read are cheap but not free: refresh the gauges every few seconds, on this thread,
    // which owns the evaluator and the consumer.
    private void ReportGauges()
    {
        if (lastGauges != 0 && time.GetElapsedTime(lastGauges) < TimeSpan.FromSeconds(5))
        {
            return;
        }

        lastGauges = time.GetTimestamp();
        var statistics = evaluator.Statistics;
        CorrelatorInstrumentation.ReportState(statistics.Groups, statistics.ApproximateBytes);
        CorrelatorInstrumentation.ReportEarly(statistics.EarlyAlerts, statistics.EarlyRevised, statistics.EarlyUnmatched);
        if (consumer is { } source)
        {
            long lag = 0;
            foreach (var partition in source.Assignment)
            {
                var end = source.GetWatermarkOffsets(partition).High;
                var position = source.Position(partition);
                if (end.Value >= 0 && position.Value >= 0)
                {
                    lag += end.Value - position.Value;
                }
            }

            CorrelatorInstrumentation.ReportLag(lag);
        }
    }

    private void CloseQuietly(IConsumer<byte[]?, PooledBytes> source)
    {
        try
        {
            source.Close();
        }
        catch (KafkaException e)
        {
            // Leaving the group failed (a broker is down, say); the session timeout hands the partitions over instead.
            Log.ConsumerError(logger, e.Error.Reason);
        }
    }

    private void FillBatch(IConsumer<byte[]?, PooledBytes> source, CancellationToken cancellationToken)
    {
        long lingerStart = 0;
        while (!cancellationToken.IsCancellationRequested && batch.EventCount < options.BatchMaxEvents)
        {
            var wait = batch.IsEmpty ? TimeSpan.FromMilliseconds(250) : options.BatchLinger - time.GetElapsedTime(lingerStart);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            ConsumeResult<byte[]?, PooledBytes>? result;
            try
            {
                result = source.Consume(wait);
            }
            catch (ConsumeException e) when (e.ConsumerRecord is { } record && record.Offset.Value >= 0)
            {
                // Inside the client (decompression, CRC, size): dead-letter the position and consume past it.
                RecordFailed(source, record, e.Error);
                continue;
            }
            catch (KafkaException e) when (!e.Error.IsFatal && !handlerFailed)
            {
                // A client event rather than a record (unknown partition while a broker is away, a transport error):
                // the client recovers by itself, so report it and keep consuming instead of crashing the process.
                Log.ConsumerError(logger, e.Error.Reason);
                return;
            }

            if (result is null || result.IsPartitionEOF)
            {
                if (batch.IsEmpty)
                {
                    // Nothing to consume: return, so the loop can move the watermark of a quiet stream.
                    return;
                }

                continue;
            }

            if (HoldBack(result))
            {
                continue;
            }

            if (batch.IsEmpty)
            {
                lingerStart = time.GetTimestamp();
            }

            if (Add(result))
            {
                return;
            }
        }
    }

    /// <remarks>
    /// The client reports a corrupt batch at its first offset, and a fetch from inside it returns the whole batch
    /// again, so the position steps forward one offset at a time until it is past the batch; the batch is
    /// dead-lettered once, at the offset reported.
    /// </remarks>
    private void RecordFailed(IConsumer<byte[]?, PooledBytes> source, ConsumeResult<byte[], byte[]> record, Error error)
    {
        var partition = record.Partition.Value;
        var offset = record.Offset.Value;
        if (failedRecords.TryGetValue(partition, out var failed) && failed.Reported == offset)
        {
            failedRecords[partition] = failed with { Next = failed.Next + 1 };
            source.Seek(new TopicPartitionOffset(record.TopicPartition, failed.Next + 1));
            return;
        }

        failedRecords[partition] = (offset, offset + 1);
        Log.RecordError(logger, record.Topic, partition, offset, error.Reason);
        decode.RecordFailed(batch, record.Topic, partition, offset, $"{error.Code}: {error.Reason}");
        lastConsumed[partition] = offset;
        source.Seek(new TopicPartitionOffset(record.TopicPartition, offset + 1));
    }

    /// <summary>Reports offsets that vanished between two consumed messages (deleted by retention while behind).</summary>
    private void CheckContinuity(IConsumer<byte[]?, PooledBytes> source, ConsumeResult<byte[]?, PooledBytes> result)
    {
        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        if (lastConsumed.TryGetValue(partition, out var last) && last >= 0 && offset > last + 1)
        {
            // Transaction markers also skip offsets; only what retention deleted is a gap.
            var low = source.QueryWatermarkOffsets(result.TopicPartition, TimeSpan.FromSeconds(10)).Low.Value;
            if (low > last + 1)
            {
                gaps.ReportAsync(result.Topic, partition, last + 1, Math.Min(low, offset) - 1, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        lastConsumed[partition] = offset;
    }

    /// <summary>Adds one message; true when it closes a replayed range, which must be flushed as it was planned.</summary>
    private bool Add(ConsumeResult<byte[]?, PooledBytes> result)
    {
        var partition = result.Partition.Value;
        var offset = result.Offset.Value;
        if (consumer is { } source)
        {
            CheckContinuity(source, result);
        }

        var headers = default(IngestHeaders);
        if (result.Message.Headers is { } kafkaHeaders)
        {
            foreach (var header in kafkaHeaders)
            {
                headers = headers.With(header.Key, header.GetValueBytes());
            }
        }

        try
        {
            decode.Decode(batch, new ConsumedMessage(result.Topic, partition, offset, headers, result.Message.Value.Memory));
        }
        finally
        {
            // Decoded (events and dead letters copy what they keep): the value goes back to the pool.
            result.Message.Value.Return();
        }

        if (plannedEnds.TryGetValue(partition, out var end) && offset >= end && plannedEnds.Remove(partition))
        {
            batch.Sealed = true;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Evaluates the batch in hand, starts making its alerts durable, and queues it for storage; blocks while the
    /// storage stage is a full queue behind, which is the backpressure on consumption.
    /// </summary>
    private void HandOver()
    {
        if (batch.IsEmpty)
        {
            return;
        }

        var current = batch;
        batch = new EventBatch();
        var evaluated = evaluate.Evaluate(current);
        ReportGauges();
        store.Enqueue(evaluated);
    }

    public void Dispose()
    {
        stopping.Dispose();
        storeHealth.Dispose();
        publisher.Dispose();
        writer.Dispose();
    }
}
