using System.Collections.Concurrent;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Spool;
using CyberAgg.Agent.Telemetry;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace CyberAgg.Agent.Delivery;

/// <summary>
/// Delivers batches to Kafka, or to the disk spool when Kafka is unreachable (circuit open, a send failed) or slow
/// (too much in flight). While the spool holds anything, new batches queue behind it, and a drainer sends the oldest
/// first with retries and backoff. Every acknowledgement settles the batch in the <see cref="AckTracker"/>.
/// </summary>
internal sealed class KafkaSink : IAsyncDisposable
{
    private const int DrainParallelism = 4;

    /// <summary>How long a full in-flight window may go without an acknowledgement before Kafka counts as slow.</summary>
    private static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(1);
    private readonly IBatchTransport _transport;
    private readonly DiskSpool _spool;
    private readonly AckTracker _tracker;
    private readonly DeliveryOptions _options;
    private readonly MessageLimit _limit;
    private readonly TimeProvider _time;
    private readonly AgentTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline _direct;
    private readonly ResiliencePipeline _drain;
    private readonly ConcurrentDictionary<OutboundBatch, Task> _inFlight = new();
    private readonly CancellationTokenSource _drainStop = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly DeliveryStats _stats = new();
    private Task _drainer = Task.CompletedTask;
    private long _inFlightBytes;
    private long _lastProgress;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _shuttingDown;
    private volatile bool _unreachable;

    public KafkaSink(IBatchTransport transport, DiskSpool spool, AckTracker tracker, DeliveryOptions options, MessageLimit limit, TimeProvider time, AgentTelemetry telemetry, ILogger logger)
    {
        _limit = limit;
        _transport = transport;
        _spool = spool;
        _tracker = tracker;
        _options = options;
        _time = time;
        _telemetry = telemetry;
        _logger = logger;
        _spool.DroppedFromThisRun += _tracker.Settle;

        // One breaker for both paths: when it opens, fresh batches go straight to the spool instead of piling up in librdkafka.
        var breaker = new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(2),
            // A message the broker refuses as too large is no outage: it is split and sent again (SendFittedAsync).
            ShouldHandle = new PredicateBuilder().Handle<KafkaException>(e => !IsTooLarge(e)),
            StateProvider = _circuit,
            OnOpened = args =>
            {
                _unreachable = true;
                Log.CircuitOpened(_logger, args.BreakDuration.TotalSeconds, args.Outcome.Exception?.Message ?? "failures");
                return default;
            },
        };
        _direct = new ResiliencePipelineBuilder { TimeProvider = time }.AddCircuitBreaker(breaker).Build();
        _drain = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(5),
                ShouldHandle = new PredicateBuilder().Handle<KafkaException>(e => !IsTooLarge(e)).Handle<BrokenCircuitException>(),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is KafkaException e)
                    {
                        _telemetry.Error(TagNames.ErrorTypes.DeliveryFailed, TagNames.Stages.Sending);
                        Log.DrainRetry(_logger, args.AttemptNumber, args.RetryDelay.TotalSeconds, e.Message);
                    }

                    return default;
                },
            })
            .AddPipeline(_direct)
            .Build();
    }

    public DeliveryStats Stats => _stats;

    public CircuitState Circuit => _circuit.CircuitState;

    public long InFlightBytes => Interlocked.Read(ref _inFlightBytes);

    public void Start() => _drainer = Task.Run(() => DrainAsync(_drainStop.Token));

    /// <summary>Accepts a batch: sends it now, or spools it (which may wait for room with <c>when_full: block</c>).</summary>
    public async ValueTask SubmitAsync(OutboundBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        cancellationToken.ThrowIfCancellationRequested();
        batch = _limit.Fit(batch);
        var bytes = batch.Bytes;
        var direct = Healthy() && await WaitForRoomAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (!direct)
        {
            await SpoolAsync(batch, force: _shuttingDown, _shutdown.Token).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Add(ref _inFlightBytes, bytes) == bytes)
        {
            // The window was empty: Kafka's progress is measured from this send.
            Volatile.Write(ref _lastProgress, _time.GetTimestamp());
        }

        _inFlight[batch] = DeliverDirectAsync(batch, bytes);
    }

    private bool Healthy() => !_shuttingDown && _spool.Count == 0 && _circuit.CircuitState == CircuitState.Closed;

    /// <summary>
    /// Waits while the in-flight window is full and Kafka keeps acknowledging (backpressure: the file is the buffer and
    /// memory stays bounded). Kafka that acknowledged nothing for <see cref="SlowAfter"/> is slow, and the batch is spooled.
    /// </summary>
    /// <returns>True when the batch may be sent now.</returns>
    private async ValueTask<bool> WaitForRoomAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var room = Volatile.Read(ref _room);
            var inFlight = Interlocked.Read(ref _inFlightBytes);
            if (inFlight == 0 || inFlight + bytes <= _options.MaxInFlightBytes)
            {
                return true;
            }

            var stalled = _time.GetElapsedTime(Volatile.Read(ref _lastProgress));
            if (stalled >= SlowAfter || !Healthy())
            {
                return false;
            }

            try
            {
                await room.Task.WaitAsync(SlowAfter - stalled, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    private void RoomMade()
    {
        Volatile.Write(ref _lastProgress, _time.GetTimestamp());
        Interlocked.Exchange(ref _room, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Stopping: writers waiting for room in a full spool (<c>when_full: block</c>) write past the limit instead, since
    /// inputs are closed and nothing would ever make room. Called before the last batch is cut.
    /// </summary>
    public void ReleaseBlockedWriters() => _shutdown.Cancel();

    /// <summary>
    /// Waits up to <see cref="DeliveryOptions.ShutdownTimeout"/> for what is in flight, spools whatever Kafka has not
    /// acknowledged by then, and stops the drainer; what remains in the spool is sent by the next run.
    /// </summary>
    public async Task ShutdownAsync()
    {
        _shuttingDown = true;
        RoomMade();
        // Failed sends waiting for spool room (when_full: block) stop waiting and write past the limit instead.
        await _shutdown.CancelAsync().ConfigureAwait(false);
        var started = _time.GetTimestamp();
        var pending = _inFlight.Values.ToArray();
        await _drainStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll([.. pending, _drainer]).WaitAsync(_options.ShutdownTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.ShutdownUnacknowledged(_logger, pending.Count(t => !t.IsCompleted));
        }

        // Abandoning librdkafka's queue fails what is left; each failed direct batch is spooled by its sender and
        // each drained entry stays in the spool.
        _transport.Flush(TimeSpan.Zero);
        _transport.Dispose();
        await _drainer.ConfigureAwait(false);
        await Task.WhenAll(_inFlight.Values.ToArray()).ConfigureAwait(false);
        Log.DeliveryStopped(_logger, _stats.EventsSent, _stats.BatchesSpooled, _spool.Count, _time.GetElapsedTime(started).TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_shuttingDown)
        {
            await ShutdownAsync().ConfigureAwait(false);
        }

        _drainStop.Dispose();
        _shutdown.Dispose();
    }

    private async Task DeliverDirectAsync(OutboundBatch batch, long bytes)
    {
        await Task.Yield();
        try
        {
            batch = await SendFittedAsync(_direct, batch, CancellationToken.None).ConfigureAwait(false);
            Acknowledged(batch, fromSpool: false);
        }
        catch (Exception e) when (e is KafkaException or BrokenCircuitException or ObjectDisposedException)
        {
            _telemetry.Error(TagNames.ErrorTypes.DeliveryFailed, TagNames.Stages.Sending);
            Log.SpoolingAfterFailure(_logger, batch.EventCount, e.Message);
            // The spool's policy applies (a full spool blocks or drops the oldest) until shutdown, which forces the write.
            await SpoolAsync(batch, force: _shuttingDown, _shutdown.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _inFlightBytes, -bytes);
            _inFlight.TryRemove(batch, out _);
            RoomMade();
        }
    }

    private async Task SpoolAsync(OutboundBatch batch, bool force, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                await _spool.AppendAsync(batch, force, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                await _spool.AppendAsync(batch, force: true, CancellationToken.None).ConfigureAwait(false);
            }

            _stats.Spooled();
        }
        catch (IOException e)
        {
            // A spool that cannot be written is an outage of its own: the file offsets stay unconfirmed, so a
            // restart re-reads these records; nothing is acknowledged that was not delivered.
            _telemetry.Error(TagNames.ErrorTypes.SpoolFailed, TagNames.Stages.Spooling);
            Log.SpoolWriteFailed(_logger, batch.EventCount, e);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(DrainParallelism);
        var sends = new List<Task>();
        try
        {
            while (true)
            {
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                SpoolEntry entry;
                try
                {
                    entry = await _spool.TakeOldestAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    window.Release();
                    throw;
                }

                sends.RemoveAll(t => t.IsCompleted);
                sends.Add(DrainOneAsync(entry, window, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: entries being drained finish or go back to the spool.
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    private async Task DrainOneAsync(SpoolEntry entry, SemaphoreSlim window, CancellationToken cancellationToken)
    {
        try
        {
            if (_spool.Read(entry) is not { } read)
            {
                return;
            }

            var (batch, sameRun) = read;

            try
            {
                // A spooled batch may come from a run with larger batches or a higher limit: it is split here.
                batch = await SendFittedAsync(_drain, _limit.Fit(batch), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _spool.Release(entry);
                return;
            }
            catch (Exception e) when (e is ObjectDisposedException or KafkaException)
            {
                // The producer was torn down at shutdown mid-send: the entry stays for the next run.
                _spool.Release(entry);
                return;
            }

            _spool.Complete(entry);
            Acknowledged(batch, fromSpool: true, settle: sameRun);
        }
        finally
        {
            window.Release();
        }
    }

    /// <summary>
    /// Sends the batch; when the broker refuses a message as too large (its limit is lower than
    /// <c>delivery.max_message_bytes</c>), lowers the limit, splits the batch again and resends it.
    /// Messages of the batch that Kafka had already taken may then arrive twice; their event ids deduplicate them.
    /// </summary>
    /// <returns>The batch as finally sent (split, with its too-large events dead-lettered).</returns>
    private async Task<OutboundBatch> SendFittedAsync(ResiliencePipeline pipeline, OutboundBatch batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await pipeline.ExecuteAsync(static async (state, ct) => await state.Transport.SendAsync(state.Batch, ct).ConfigureAwait(false), (Transport: _transport, Batch: batch), cancellationToken).ConfigureAwait(false);
                return batch;
            }
            catch (KafkaException e) when (IsTooLarge(e) && _limit.Lower(batch.Messages.Max(MessageLimit.WireSize)))
            {
                _telemetry.Error(TagNames.ErrorTypes.DeliveryFailed, TagNames.Stages.Sending);
                batch = _limit.Fit(batch);
            }
        }
    }

    private static bool IsTooLarge(KafkaException e) => e.Error.Code is ErrorCode.MsgSizeTooLarge;

    private void Acknowledged(OutboundBatch batch, bool fromSpool, bool settle = true)
    {
        // "Reachable again" only on an acknowledgement after an outage: a circuit closing on shutdown proves nothing.
        if (_unreachable)
        {
            _unreachable = false;
            Log.CircuitClosed(_logger);
        }

        _stats.Sent(batch.EventCount, batch.DeadLetterCount, fromSpool);
        _telemetry.EventsSent.Add(batch.EventCount);
        _telemetry.DeliveryLatency.Record((_time.GetUtcNow().ToUnixTimeMilliseconds() - batch.CreatedUnixMs) / 1000.0);
        if (settle)
        {
            _tracker.Settle(batch.Sequence);
        }
    }
}
