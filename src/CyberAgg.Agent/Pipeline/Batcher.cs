using System.Text;
using System.Threading.Channels;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Events;
using CyberAgg.Events.Wire;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Pipeline;

/// <summary>
/// The normalise-and-batch stage: turns records into events and dead letters, cuts a signed batch when it reaches
/// <c>batch.max_events</c>, <c>batch.max_bytes</c> or <c>batch.linger_ms</c>, and hands it to delivery.
/// </summary>
/// <remarks>
/// Single-threaded by design: one <see cref="BatchWriter"/>, batches cut in record order, and each record normalised
/// and encoded before the next is read. One core normalises 150k+ JSON lines a second; normalising chunks in parallel
/// bought no throughput on the benchmark and cost CPU (GC of the chunk's live events, worker hand-offs).
/// </remarks>
internal sealed class Batcher
{
    private readonly RecordNormalizer _normalizer;
    private readonly BatchWriter _writer;
    private readonly BatchOptions _batch;
    private readonly DeliveryOptions _delivery;
    private readonly AckTracker _tracker;
    private readonly TimeProvider _time;
    private readonly Func<OutboundBatch, CancellationToken, ValueTask> _submit;
    private readonly AgentTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly byte[] _partner;
    private readonly byte[] _sensor;
    private const int ChunkSize = 256;
    private const int MaxReusedAttributes = 128;
    private readonly Dictionary<FileKey, FileMark> _marks = [];
    private readonly RawRecord[] _chunk = new RawRecord[ChunkSize];
    private readonly List<OutboundMessage> _deadLetters = [];
    private readonly MessageLimit _limit;
    private readonly int _batchFraming;
    private DeadLetterSource? _overflowed;
    private SecurityEvent? _scratch;
    private long _openedAt;
    private bool _open;

    public Batcher(
        RecordNormalizer normalizer,
        BatchWriter writer,
        IdentityOptions identity,
        BatchOptions batch,
        DeliveryOptions delivery,
        AckTracker tracker,
        TimeProvider time,
        Func<OutboundBatch, CancellationToken, ValueTask> submit,
        MessageLimit limit,
        AgentTelemetry telemetry,
        ILogger logger)
    {
        _limit = limit;
        _normalizer = normalizer;
        _writer = writer;
        _batch = batch;
        _delivery = delivery;
        _tracker = tracker;
        _time = time;
        _submit = submit;
        _telemetry = telemetry;
        _logger = logger;
        _partner = Encoding.UTF8.GetBytes(identity.Partner);
        _sensor = Encoding.UTF8.GetBytes(identity.Name);
        _batchFraming = MessageLimit.WireSize(new OutboundMessage(delivery.Topic, _sensor, [], MessageHeaders.ForBatch(_partner)));
    }

    /// <summary>Runs until the input channel completes (then cuts the last batch) or the token fires.</summary>
    public async Task RunAsync(ChannelReader<RawRecord> input, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_open)
            {
                if (!await input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            int count;
            while ((count = TakeChunk(input)) > 0)
            {
                var received = _time.GetUtcNow();
                for (var i = 0; i < count; i++)
                {
                    // Normalised and encoded at once: the event is garbage before the next GC, so the GC has almost
                    // nothing to copy (normalising a chunk in parallel kept 256 events alive; benchmarks/agent/README.md).
                    Add(_chunk[i], Normalize(_chunk[i], received));
                    if (IsFull())
                    {
                        await CutAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                Array.Clear(_chunk, 0, count);
            }

            if (!_open)
            {
                continue;
            }

            var remaining = _batch.Linger - _time.GetElapsedTime(_openedAt);
            if (remaining <= TimeSpan.Zero)
            {
                await CutAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            using var lingerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var more = input.WaitToReadAsync(cancellationToken).AsTask();
            var linger = Task.Delay(remaining, _time, lingerCts.Token);
            if (await Task.WhenAny(more, linger).ConfigureAwait(false) == more)
            {
                await lingerCts.CancelAsync().ConfigureAwait(false);
                if (!await more.ConfigureAwait(false))
                {
                    await CutAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    private bool IsFull() =>
        _open && (_overflowed is not null || _writer.EventCount >= _batch.MaxEvents || _writer.MessageLength >= _batch.MaxBytes || _deadLetters.Count >= _batch.MaxEvents);

    /// <summary>
    /// Takes what the channel holds, up to a chunk. Taking many at once frees many slots at once: a reader blocked on a
    /// full channel then wakes once per chunk instead of once per record.
    /// </summary>
    private int TakeChunk(ChannelReader<RawRecord> input)
    {
        var count = 0;
        while (count < _chunk.Length && input.TryRead(out _chunk[count]))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Normalises into one reused event: each event is encoded by <see cref="Add"/> before the next record is read and
    /// nothing keeps it, so the event and its attribute dictionary need not be allocated per record (about half of the
    /// bytes the agent allocated per JSON line; benchmarks/agent/README.md).
    /// </summary>
    private NormalizeResult Normalize(in RawRecord record, DateTimeOffset received)
    {
        if (record.Failure is not null)
        {
            return default;
        }

        var result = _normalizer.Normalize(record.Data, record.Format, record.Origin, received, _scratch);
        // A record with very many fields leaves a large dictionary behind; the next one starts afresh rather than
        // clearing and carrying that room.
        var used = result.Event ?? _scratch;
        _scratch = used is { AttributeCount: <= MaxReusedAttributes, LabelCount: <= MaxReusedAttributes } ? used : null;
        return result;
    }

    private void Add(in RawRecord record, in NormalizeResult result)
    {
        if (!_open)
        {
            _writer.Begin(_time.GetUtcNow());
            _openedAt = _time.GetTimestamp();
            _open = true;
        }

        if (record.Mark is { } mark)
        {
            // Records of one file arrive in order, so the last mark is the furthest.
            _marks[mark.Key] = mark;
        }

        if (record.Failure is { } refused)
        {
            AddDeadLetter(new DeadLetter(refused.Reason, refused.Detail, record.Origin, DeadLetterPayload.Truncate(record.Data)), record.Input);
            return;
        }

        if (result.DeadLetter is { } deadLetter)
        {
            AddDeadLetter(deadLetter, record.Input);
        }
        else if (result.Event is { } evt)
        {
            if (RecordNormalizer.UsesReceiveTime(evt))
            {
                _telemetry.ReceiveTimeStamped.Add(1, new KeyValuePair<string, object?>(TagNames.Input, record.Input));
            }

            try
            {
                _writer.Add(evt);
                if (_writer.MessageLength > _limit.MaxBytes - _batchFraming)
                {
                    // Past the broker's limit: cut now; the cut splits off this event, or dead-letters it if it is too large alone.
                    _overflowed = new DeadLetterSource(record.Origin, DeadLetterPayload.Truncate(record.Data));
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // The writer refuses what the reader would refuse (a value over the string limit): bad input, not a crash.
                AddDeadLetter(new DeadLetter(DeadLetterReason.TooLarge, e.Message, record.Origin, DeadLetterPayload.Truncate(record.Data)), record.Input);
            }
        }
    }

    private void AddDeadLetter(DeadLetter deadLetter, string input)
    {
        _telemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>(TagNames.Reason, deadLetter.ReasonCode));
        Log.DeadLettered(_logger, input, deadLetter.ReasonCode, deadLetter.Origin);
        _deadLetters.Add(new OutboundMessage(
            _delivery.DeadLetterTopic,
            _sensor,
            deadLetter.Original,
            MessageHeaders.ForDeadLetter(_partner, _sensor, deadLetter.ReasonCode, deadLetter.Detail, deadLetter.Origin)));
    }

    private async ValueTask CutAsync(CancellationToken cancellationToken)
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        var marks = _marks.Count == 0 ? [] : _marks.Values.ToArray();
        _marks.Clear();
        var events = _writer.EventCount;
        if (events == 0 && _deadLetters.Count == 0)
        {
            // Only blank lines: nothing to send, but the file offsets they covered still move on in order.
            _tracker.Settle(_tracker.Register(marks));
            return;
        }

        var messages = new List<OutboundMessage>(_deadLetters.Count + 1);
        if (events > 0)
        {
            // Kafka and the spool need the payload as its own array; it is overwritten whole, so it need not be zeroed first.
            var sealedBatch = _writer.Complete();
            var payload = GC.AllocateUninitializedArray<byte>(sealedBatch.Length);
            sealedBatch.Span.CopyTo(payload);
            messages.Add(new OutboundMessage(_delivery.Topic, _sensor, payload, MessageHeaders.ForBatch(_partner)));
        }

        messages.AddRange(_deadLetters);
        var batch = _limit.Fit(
            new OutboundBatch
            {
                Sequence = _tracker.Register(marks),
                Messages = messages,
                EventCount = events,
                DeadLetterCount = _deadLetters.Count,
                CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            _overflowed);
        _overflowed = null;
        _deadLetters.Clear();
        await _submit(batch, cancellationToken).ConfigureAwait(false);
    }
}
