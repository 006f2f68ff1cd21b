using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation;

internal static partial class Log
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Alliance batch refused ({Reason}) at {Topic}[{Partition}]@{Offset} from node '{Node}'")]
    public static partial void BatchRefused(ILogger logger, string reason, string topic, int partition, long offset, string node);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Local observation at {Topic}[{Partition}]@{Offset} not published ({Reason})")]
    public static partial void ObservationSkipped(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Kafka error in the federation {Component}: {Reason}")]
    public static partial void KafkaError(ILogger logger, string component, string reason);

}
