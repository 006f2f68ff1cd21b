using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Configuration.Kafka;

/// <summary>
/// Commits the offsets of finished work for every consumer that commits by hand (correlator, indicator stage, sharing
/// service, federation publisher), tolerating a group that rebalanced meanwhile.
/// </summary>
public static class OffsetCommits
{
    /// <summary>
    /// The offsets to commit after <paramref name="results"/> are done: the highest offset per partition, plus one.
    /// </summary>
    public static IReadOnlyList<TopicPartitionOffset> After<TKey>(IEnumerable<ConsumeResult<TKey, byte[]>> results) =>
        results.GroupBy(r => r.TopicPartition)
            .Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))
            .ToList();

    /// <summary>
    /// Commits <paramref name="offsets"/>. If the group moved on meanwhile, nothing is committed and nothing is lost:
    /// whoever owns the partitions now replays from the last commit, so the caller's work must be idempotent.
    /// </summary>
    public static void Commit<TKey, TValue>(IConsumer<TKey, TValue>? consumer, IReadOnlyList<TopicPartitionOffset> offsets, ILogger logger, string role)
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
            KafkaLog.CommitSkippedByRebalance(logger, role, e.Error.Reason);
        }
    }
}
