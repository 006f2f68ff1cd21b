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

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Exchange message rejected ({Reason}) at {Topic}[{Partition}]@{Offset} claiming node '{Node}', request {RequestId}")]
    public static partial void ExchangeRejected(ILogger logger, string reason, string topic, int partition, long offset, string node, string requestId);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Exchange request {RequestId} from node '{Requester}' ({Analyst}) {Decision}: {Reason}")]
    public static partial void ExchangeAnswered(ILogger logger, string requestId, string requester, string analyst, string decision, string reason);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Information, Message = "Exchange request {RequestId} to node '{Owner}' answered: {Decision} ({Reason})")]
    public static partial void ExchangeReceived(ILogger logger, string requestId, string owner, string decision, string reason);
}
