using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace CyberAgg.Configuration.Kafka;

/// <summary>
/// How far a consumer group is behind a topic, in records, as the brokers tell it (committed offsets against end
/// offsets): what a producer that must not outrun retention (simulator, bench) holds back on.
/// </summary>
public sealed class ConsumerLag(IAdminClient admin, string group, string topic)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private List<TopicPartition>? partitions;

    /// <summary>
    /// Records on <c>topic</c> the group has not committed yet, summed over partitions; a partition the group never
    /// committed counts from its start offset. Null when the brokers could not say (an outage): the caller decides.
    /// </summary>
    public async Task<long?> RecordsBehindAsync(CancellationToken cancellationToken)
    {
        try
        {
            partitions ??= admin.GetMetadata(topic, Timeout).Topics.Single(t => t.Topic == topic).Partitions
                .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
            if (partitions.Count == 0)
            {
                partitions = null;
                return null;
            }

            var end = await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
                new ListOffsetsOptions { RequestTimeout = Timeout });
            var start = await admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Earliest() }),
                new ListOffsetsOptions { RequestTimeout = Timeout });
            var committed = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = Timeout });
            cancellationToken.ThrowIfCancellationRequested();
            var at = committed.Single().Partitions.ToDictionary(p => p.TopicPartition, p => p.Offset.Value);
            var first = start.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
            long behind = 0;
            foreach (var info in end.ResultInfos)
            {
                var tp = info.TopicPartitionOffsetError.TopicPartition;
                var from = at.TryGetValue(tp, out var c) && c >= 0 ? c : first.GetValueOrDefault(tp);
                behind += Math.Max(0, info.TopicPartitionOffsetError.Offset.Value - from);
            }

            return behind;
        }
        catch (KafkaException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // The topic is not in the metadata (yet).
            partitions = null;
            return null;
        }
    }
}
