using System.Text;
using Confluent.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;

namespace CyberAgg.Configuration.Kafka;

/// <summary>
/// The one shape of a dead letter on <c>cyberagg.deadletter.v1</c> for consumers that refuse a record they read (the
/// correlator, the sharing service): the original bytes as the value, the reason code and the record's
/// <c>topic/partition@offset</c> as headers (<see cref="KafkaHeaderNames"/>), so an operator can find and replay it.
/// </summary>
public static class DeadLetterMessages
{
    /// <summary>The dead-letter topic (DESIGN §5).</summary>
    public const string Topic = KafkaTopicNames.DeadLetter;

    /// <summary>A dead letter for the record at <paramref name="topic"/>/<paramref name="partition"/>@<paramref name="offset"/>.</summary>
    public static Message<string, byte[]> For(string key, byte[] original, string reason, string topic, int partition, long offset, string? detail = null)
    {
        var headers = new Headers
        {
            { KafkaHeaderNames.DeadLetterReason, Encoding.UTF8.GetBytes(reason) },
            { KafkaHeaderNames.DeadLetterSource, Encoding.UTF8.GetBytes(KafkaHeaderNames.SourceOf(topic, partition, offset)) },
        };
        if (!string.IsNullOrEmpty(detail))
        {
            headers.Add(KafkaHeaderNames.DeadLetterDetail, Encoding.UTF8.GetBytes(detail));
        }

        return new Message<string, byte[]> { Key = key, Value = original, Headers = headers };
    }

    /// <summary>A dead letter for a consumed record.</summary>
    public static Message<string, byte[]> For<TKey>(string key, ConsumeResult<TKey, byte[]> record, string reason, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        return For(key, record.Message.Value, reason, record.Topic, record.Partition.Value, record.Offset.Value, detail);
    }
}
