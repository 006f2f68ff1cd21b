using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator;

/// <summary>The correlator's log messages, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Correlator consuming {Topic} as group {Group}: {DetectionRules} detection and {CorrelationRules} correlation rules")]
    public static partial void Started(ILogger logger, string topic, string group, int detectionRules, int correlationRules);

    [LoggerMessage(2, LogLevel.Information, "Partition {Partition}: replaying planned range {First}-{Last} after an interrupted batch")]
    public static partial void ReplayingPlannedRange(ILogger logger, int partition, long first, long last);

    [LoggerMessage(3, LogLevel.Warning, "Refused message at {Topic}/{Partition}@{Offset}: {Reason} ({Detail})")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string reason, string? detail);

    [LoggerMessage(4, LogLevel.Debug, "Batch stored: {Events} events, {Alerts} alerts, {DeadLetters} dead letters in {Seconds:F3} s")]
    public static partial void BatchStored(ILogger logger, int events, int alerts, int deadLetters, double seconds);

    [LoggerMessage(5, LogLevel.Information, "Partitions revoked: flushing the current batch before handing them over")]
    public static partial void FlushingOnRevoke(ILogger logger);

    [LoggerMessage(6, LogLevel.Error, "Consumer error: {Reason}")]
    public static partial void ConsumerError(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Offsets not committed, the group is rebalancing ({Reason}); the next owner replays the stored range without duplicating it")]
    public static partial void CommitSkippedByRebalance(ILogger logger, string reason);
}
