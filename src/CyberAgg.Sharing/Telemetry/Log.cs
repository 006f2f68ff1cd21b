using Microsoft.Extensions.Logging;

namespace CyberAgg.Sharing;

/// <summary>The sharing component's log messages, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Sharing consuming {Topic} as group {Group} for {Partners} partners")]
    public static partial void Started(ILogger logger, string topic, string group, int partners);

    [LoggerMessage(2, LogLevel.Warning, "Alert message at {Topic}/{Partition}@{Offset} is not alert JSON and is skipped: {Reason}")]
    public static partial void MalformedAlert(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(3, LogLevel.Error, "Could not write {Count} audit rows after retries")]
    public static partial void AuditWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Alert message at {Topic}/{Partition}@{Offset} does not verify ({Reason}) and is dead-lettered: it was not signed by this deployment's correlator")]
    public static partial void UnverifiedAlert(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Released {Releases} partner views of {Alerts} alerts")]
    public static partial void BatchReleased(ILogger logger, int releases, int alerts);
}
