using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation;

/// <summary>
/// Opens the reader of one of this node's inboxes on the alliance Kafka (clear-value exchange, OPRF requests and
/// answers): one reader per node and inbox, assigned every partition at its committed offset (the start for a new
/// one), so a restarted node resumes at once instead of waiting for a consumer group to settle.
/// </summary>
internal static class AllianceInbox
{
    /// <summary>The assigned consumer; a missing topic is logged with the fix and leaves the consumer unassigned.</summary>
    public static IConsumer<string?, byte[]> Open(FederationOptions options, string topic, string groupSuffix, string role, ILogger logger)
    {
        var config = KafkaClients.ManualCommit(options.Alliance.ToConsumerConfig(options.Node + "-" + groupSuffix));
        // Caught up, a fetch waits this long for new data: the default 500 ms would be the hop's latency.
        config.FetchWaitMaxMs = 10;
        var consumer = KafkaClients.Consumer<string?>(config, role, logger).Build();
        List<TopicPartition> partitions;
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Where(t => t.Error.Code == ErrorCode.NoError)
                .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
        }

        if (partitions.Count == 0)
        {
            Log.KafkaError(logger, role, $"alliance topic '{topic}' does not exist on {options.Alliance.Bootstrap}; create it (docs/sovereign-mode.md) and restart the node");
        }

        consumer.Assign(consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Select(p => p.Offset.Value >= 0 ? p : new TopicPartitionOffset(p.TopicPartition, Offset.Beginning)));
        return consumer;
    }
}
