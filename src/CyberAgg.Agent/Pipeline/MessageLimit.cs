using System.Text;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Events;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Pipeline;

/// <summary>
/// Keeps every message the agent produces under the broker's limit (<c>delivery.max_message_bytes</c>, Kafka's
/// <c>message.max.bytes</c>): a batch over it is split into signed batches that fit, and an event too large for a batch
/// of its own becomes a <c>too_large</c> dead letter naming its size. Kafka would otherwise refuse the message for
/// ever (a stalled spool), or, like the embedded Kafka's 5 MiB partitions, accept it and lose it.
/// </summary>
/// <remarks>Thread-safe: the limit only goes down, when the broker proves it lower than configured.</remarks>
internal sealed class MessageLimit
{
    /// <summary>What librdkafka and the broker add to a message's key, value and headers (record and batch framing), with room to spare.</summary>
    public const int RecordOverhead = 256;

    /// <summary>The smallest limit: a dead letter (64 KiB of original bytes, its marker and headers) must always fit.</summary>
    public const int MinimumBytes = 128 * 1024;

    private readonly byte[] _secret;
    private readonly byte[] _partner;
    private readonly byte[] _sensor;
    private readonly string _deadLetterTopic;
    private readonly AgentTelemetry _telemetry;
    private readonly ILogger _logger;
    private int _maxBytes;

    public MessageLimit(int maxMessageBytes, byte[] secret, string partner, string sensor, string deadLetterTopic, AgentTelemetry telemetry, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, MinimumBytes);
        _maxBytes = maxMessageBytes;
        _secret = secret;
        _partner = Encoding.UTF8.GetBytes(partner);
        _sensor = Encoding.UTF8.GetBytes(sensor);
        _deadLetterTopic = deadLetterTopic;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>The most bytes one message may have, as librdkafka counts them (value, key, headers, framing).</summary>
    public int MaxBytes => Volatile.Read(ref _maxBytes);

    /// <summary>The size librdkafka and the broker hold <paramref name="message"/> to, framing included.</summary>
    public static int WireSize(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = RecordOverhead + message.Value.Length + (message.Key?.Length ?? 0);
        foreach (var (name, value) in message.Headers)
        {
            size += 8 + Encoding.UTF8.GetByteCount(name) + value.Length;
        }

        return size;
    }

    /// <summary>The largest payload a message with these key and headers may carry.</summary>
    public int PayloadBudget(byte[]? key, IReadOnlyList<KeyValuePair<string, byte[]>> headers) =>
        MaxBytes - WireSize(new OutboundMessage(_deadLetterTopic, key, [], headers));

    /// <summary>
    /// The broker refused a message of <paramref name="refusedBytes"/> as too large: its real limit is lower than
    /// configured. From now on messages are kept to half that (never below <see cref="MinimumBytes"/>).
    /// </summary>
    /// <returns>False when the limit is already at its minimum and cannot go lower.</returns>
    public bool Lower(int refusedBytes)
    {
        while (true)
        {
            var current = MaxBytes;
            var lowered = Math.Max(MinimumBytes, Math.Min(current, refusedBytes) / 2);
            if (lowered >= current)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _maxBytes, lowered, current) == current)
            {
                Log.MessageLimitLowered(_logger, refusedBytes, lowered);
                return true;
            }
        }
    }

    /// <summary>
    /// Returns <paramref name="batch"/> itself when every message fits, else a batch with the same sequence whose
    /// event message is split and whose too-large events are dead letters.
    /// </summary>
    /// <param name="batch">The batch to send.</param>
    /// <param name="lastRecord">Where the last event of the batch came from, when known (the batcher knows; the spool does not).</param>
    public OutboundBatch Fit(OutboundBatch batch, in DeadLetterSource? lastRecord = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var max = MaxBytes;
        var fits = true;
        foreach (var message in batch.Messages)
        {
            fits &= WireSize(message) <= max;
        }

        if (fits)
        {
            return batch;
        }

        var messages = new List<OutboundMessage>(batch.Messages.Count + 1);
        var events = batch.EventCount;
        var deadLetters = batch.DeadLetterCount;
        foreach (var message in batch.Messages)
        {
            if (WireSize(message) <= max)
            {
                messages.Add(message);
            }
            else if (message.Topic == _deadLetterTopic)
            {
                messages.Add(ShrinkDeadLetter(message, max));
            }
            else
            {
                var removed = SplitEvents(message, batch.EventCount, lastRecord, messages);
                events -= removed;
                deadLetters += removed;
            }
        }

        return new OutboundBatch
        {
            Sequence = batch.Sequence,
            Messages = messages,
            EventCount = events,
            DeadLetterCount = deadLetters,
            CreatedUnixMs = batch.CreatedUnixMs,
        };
    }

    /// <returns>How many events became dead letters.</returns>
    private int SplitEvents(OutboundMessage message, int eventCount, in DeadLetterSource? lastRecord, List<OutboundMessage> output)
    {
        var budget = PayloadBudget(message.Key, message.Headers);
        var split = BatchSplitter.Split(message.Value, _secret, budget);
        if (split.Failure is { } failure)
        {
            // Not splittable (signed with an earlier key): the whole message is refused, with its size, as a dead letter.
            output.Add(DeadLetter($"batch of {message.Value.Length} bytes over delivery.max_message_bytes {MaxBytes}; cannot split: {failure}", "batch", message.Value));
            Log.MessageTooLarge(_logger, "a batch", message.Value.Length, MaxBytes, failure);
            _telemetry.DeadLetters.Add(eventCount, new KeyValuePair<string, object?>(TagNames.Reason, DeadLetterReason.TooLarge.ToCode()));
            return eventCount;
        }

        foreach (var piece in split.Pieces)
        {
            output.Add(message with { Value = piece });
        }

        foreach (var oversized in split.Oversized)
        {
            var isLast = oversized.Index == eventCount - 1 && lastRecord is not null;
            var origin = isLast ? lastRecord!.Value.Origin : $"batch event {oversized.Index}";
            var original = isLast ? lastRecord!.Value.Original : oversized.Encoded;
            var detail = $"event encodes to {oversized.Bytes} bytes, over delivery.max_message_bytes {MaxBytes}";
            Log.MessageTooLarge(_logger, origin, oversized.Bytes, MaxBytes, "dead-lettered as too_large");
            _telemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>(TagNames.Reason, DeadLetterReason.TooLarge.ToCode()));
            output.Add(DeadLetter(detail, origin, original));
        }

        return split.Oversized.Count;
    }

    private OutboundMessage DeadLetter(string detail, string origin, ReadOnlySpan<byte> original) =>
        new(_deadLetterTopic, _sensor, DeadLetterPayload.Truncate(original), MessageHeaders.ForDeadLetter(_partner, _sensor, DeadLetterReason.TooLarge.ToCode(), detail, origin));

    // Only a limit lowered below what the dead letter was cut for gets here: keep what fits of the original.
    private static OutboundMessage ShrinkDeadLetter(OutboundMessage message, int max)
    {
        var keep = Math.Max(0, message.Value.Length - (WireSize(message) - max) - 64);
        return message with { Value = DeadLetterPayload.Truncate(message.Value, keep) };
    }
}
