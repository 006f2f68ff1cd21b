using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation;

/// <summary>The OPRF key service's and client's log lines; an evaluation line is the service's audit record.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1407, Level = LogLevel.Information, Message = "OPRF request {RequestId} from node '{Node}' for epoch {Epoch}: {Points} points evaluated; {Used} of {Max} used this epoch")]
    public static partial void OprfEvaluated(ILogger logger, string requestId, string node, long epoch, int points, long used, int max);

    [LoggerMessage(EventId = 1408, Level = LogLevel.Warning, Message = "OPRF request {RequestId} from node '{Node}' for epoch {Epoch} refused ({Reason}): {Points} points; {Used} of {Max} used this epoch")]
    public static partial void OprfRefused(ILogger logger, string requestId, string node, long epoch, int points, string reason, long used, int max);

    [LoggerMessage(EventId = 1409, Level = LogLevel.Warning, Message = "OPRF message rejected ({Reason}) at {Topic}[{Partition}]@{Offset} claiming node '{Node}', request {RequestId}")]
    public static partial void OprfRejected(ILogger logger, string reason, string topic, int partition, long offset, string node, string requestId);
}
