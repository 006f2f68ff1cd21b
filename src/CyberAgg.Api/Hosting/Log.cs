using Microsoft.Extensions.Logging;

namespace CyberAgg.Api.Hosting;

/// <summary>The API's log messages, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Live feed following {Topic}: {Partitions} partitions assigned")]
    public static partial void FeedAssigned(ILogger logger, string topic, int partitions);

    [LoggerMessage(2, LogLevel.Warning, "Live feed: message at {Topic}/{Partition}@{Offset} is not alert JSON: {Reason}")]
    public static partial void FeedMalformed(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Live feed waiting for topic {Topic}: {Reason}")]
    public static partial void FeedWaiting(ILogger logger, string topic, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Live feed: message at {Topic}/{Partition}@{Offset} does not verify ({Reason}); it is not streamed (the sharing service dead-letters it)")]
    public static partial void FeedUnverified(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(5, LogLevel.Information, "Stream client {Principal} fell {Behind} alerts behind; closing it so it resumes with Last-Event-ID")]
    public static partial void SlowClient(ILogger logger, string principal, int behind);
}
