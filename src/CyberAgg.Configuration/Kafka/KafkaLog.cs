using Microsoft.Extensions.Logging;

namespace CyberAgg.Configuration.Kafka;

/// <summary>Log messages of the shared Kafka plumbing, source-generated (event ids 900–919).</summary>
internal static partial class KafkaLog
{
    [LoggerMessage(900, LogLevel.Warning, "Kafka {Role}: {Code}: {Reason} ({Held} more like it in the last 10 s)")]
    public static partial void ClientError(ILogger logger, string role, string code, string reason, int held);

    [LoggerMessage(901, LogLevel.Critical, "Kafka {Role}: fatal client error {Code}: {Reason}")]
    public static partial void FatalError(ILogger logger, string role, string code, string reason);

    [LoggerMessage(902, LogLevel.Debug, "Kafka {Role}: librdkafka {Facility}: {Message}")]
    public static partial void Librdkafka(ILogger logger, string role, string facility, string message);

    [LoggerMessage(903, LogLevel.Warning, "Kafka {Role}: offsets not committed, the group is rebalancing ({Reason}); the next owner replays from the last commit")]
    public static partial void CommitSkippedByRebalance(ILogger logger, string role, string reason);
}
