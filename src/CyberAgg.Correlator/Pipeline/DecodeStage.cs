using System.Diagnostics;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// The decoding stage: turns consumed messages into the events of the batch in hand, per partition range, and
/// dead-letters what cannot be stored (undecodable, untrusted, out-of-range timestamps, unreadable records) with
/// the range, so the dead letters are stored and committed with it. An event id already stored or pending is
/// dropped as a duplicate.
/// </summary>
internal sealed class DecodeStage(IngestDecoder decoder, EventTimeAccounting eventTime, EventIdLedger ledger, TimeProvider time, ILogger logger)
{
    /// <summary>Decodes one message into its partition's range of <paramref name="batch"/>.</summary>
    public void Decode(EventBatch batch, in ConsumedMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        var partition = message.Partition;
        var offset = message.Offset;
        var range = batch.For(partition, offset);
        range.MessageCount++;
        batch.MessageCount++;
        CorrelatorInstrumentation.MessagesReceived.Add(1);
        var headers = message.Headers;
        var before = range.Events.Count;
        var value = message.Value.Span;
        var outcome = decoder.Decode(value, headers, range.Events);
        if (!outcome.Success)
        {
            Log.DeadLettered(logger, message.Topic, partition, offset, outcome.ReasonCode, outcome.Detail);
            DeadLetter(range, message.Topic, offset, outcome.Partner ?? headers.Partner ?? "", outcome.ReasonCode, outcome.Detail ?? "", value);
        }

        var now = eventTime.Now();
        for (var i = before; i < range.Events.Count; i++)
        {
            var e = range.Events[i];
            if (eventTime.OutOfRange(e, now) is { } why)
            {
                var reason = DeadLetterReason.TimestampOutOfRange.ToCode();
                Log.DeadLettered(logger, message.Topic, partition, offset, reason, why);
                DeadLetter(range, message.Topic, offset, e.Partner ?? headers.Partner ?? "", reason, why, value);
                range.Events.RemoveAt(i--);
            }
            else if (e.EventId is { } id)
            {
                // An event id stored once is stored once, however often it is delivered.
                if (!ledger.TryReserve(partition, id))
                {
                    range.Events.RemoveAt(i--);
                    range.Duplicates++;
                    CorrelatorInstrumentation.EventsDuplicate.Add(1);
                }
            }
        }

        var added = range.Events.Count - before;
        batch.EventCount += added;
        CorrelatorInstrumentation.EventsReceived.Add(added);
        CorrelatorInstrumentation.StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "decode"));
    }

    /// <summary>
    /// Dead-letters a record the Kafka client could not read (decompression, CRC, size), at its offset, so it is
    /// stored and committed with the batch.
    /// </summary>
    public void RecordFailed(EventBatch batch, string topic, int partition, long offset, string error)
    {
        var range = batch.For(partition, offset);
        range.MessageCount++;
        batch.MessageCount++;
        DeadLetter(range, topic, offset, "", DeadLetterReason.KafkaRecordError.ToCode(), error, []);
    }

    /// <summary>Counts a refused message and adds its dead letter to the range, so it is stored and committed with it.</summary>
    private void DeadLetter(PartitionBatch range, string topic, long offset, string partner, string reason, string detail, ReadOnlySpan<byte> value)
    {
        CorrelatorInstrumentation.DeadLetters.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Reason, reason));
        range.DeadLetters.Add(new DeadLetterRecord(
            time.GetUtcNow(), "correlator", partner, reason, detail, topic, range.Partition, offset, DeadLetterPayload.Truncate(value), value.Length));
    }
}
