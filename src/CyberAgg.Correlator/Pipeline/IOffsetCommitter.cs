using Confluent.Kafka;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Commits consumed offsets once what they cover is durable; the consumer in production, a recorder in tests.</summary>
internal interface IOffsetCommitter
{
    void Commit(IReadOnlyList<TopicPartitionOffset> offsets);
}
