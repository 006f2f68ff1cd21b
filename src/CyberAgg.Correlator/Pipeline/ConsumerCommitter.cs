using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Commits through the events consumer, once it is built; a commit the group refuses is logged, not thrown.</summary>
internal sealed class ConsumerCommitter(ILogger logger) : IOffsetCommitter
{
    public IConsumer<byte[]?, PooledBytes>? Consumer { get; set; }

    public void Commit(IReadOnlyList<TopicPartitionOffset> offsets) =>
        OffsetCommits.Commit(Consumer, offsets, logger, "correlator events consumer");
}
