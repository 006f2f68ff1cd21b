namespace CyberAgg.Storage.Writers;

/// <summary>A refused record: where it came from, why, and its original bytes (truncated with a marker if huge).</summary>
public sealed record DeadLetterRecord(
    DateTimeOffset ReceivedAt,
    string Source,
    string Partner,
    string Reason,
    string Detail,
    string Topic,
    int KafkaPartition,
    long KafkaOffset,
    byte[] Original,
    long OriginalSize)
{
    public static readonly string[] Columns =
        ["received_at", "source", "partner", "reason", "detail", "topic", "kafka_partition", "kafka_offset", "original", "original_size", "truncated"];

    public object[] ToRow() =>
    [
        ReceivedAt.UtcDateTime, Source, Partner, Reason, Detail, Topic, KafkaPartition, KafkaOffset,
        System.Text.Encoding.UTF8.GetString(Original), (ulong)OriginalSize, (byte)(Original.Length < OriginalSize ? 1 : 0),
    ];
}
