using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Commits offsets of stored work, tolerating a group that rebalanced meanwhile.</summary>
internal static class OffsetCommits
{
    public static void Commit<TKey>(IConsumer<TKey, byte[]>? consumer, IReadOnlyList<TopicPartitionOffset> offsets, ILogger logger)
    {
        if (consumer is null || offsets.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
        }
        catch (KafkaException e) when (e.Error.Code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.Local_State)
        {
            // The group moved on while this work was stored. Nothing is lost: whoever owns these partitions now
            // replays from the last commit, and the replay is idempotent (planned ranges, deterministic alert ids).
            Log.CommitSkippedByRebalance(logger, e.Error.Reason);
        }
    }
}
