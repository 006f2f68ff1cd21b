using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>The messages of one Kafka partition in the current batch: an offset range and what it decoded to.</summary>
internal sealed class PartitionBatch(int partition, long firstOffset)
{
    public int Partition { get; } = partition;

    public long FirstOffset { get; } = firstOffset;

    public long LastOffset { get; set; } = firstOffset;

    public List<SecurityEvent> Events { get; } = [];

    public int MessageCount { get; set; }

    public List<DeadLetterRecord> DeadLetters { get; } = [];

    /// <summary>The insert token: the same range always yields the same token, so a replay is stored once.</summary>
    public string Token(string topic, string table) => $"{table}/{topic}/{Partition}/{FirstOffset}-{LastOffset}";
}
