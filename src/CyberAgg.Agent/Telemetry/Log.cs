using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Telemetry;

/// <summary>The agent's structured log messages (source-generated: no boxing or formatting when the level is off).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Agent started: partner {Partner}, country {Country}, sensor {Sensor}, {InputCount} input(s), Kafka {Kafka}")]
    public static partial void Started(ILogger logger, string partner, string country, string sensor, int inputCount, string kafka);

    [LoggerMessage(2, LogLevel.Information, "Stopping: inputs closed, flushing the last batch and waiting for Kafka")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Stopped: {EventsSent} events and {DeadLetters} dead letters acknowledged by Kafka; {SpoolBatches} batches left in the spool for the next run; {Dropped} events dropped")]
    public static partial void Stopped(ILogger logger, long eventsSent, long deadLetters, int spoolBatches, long dropped);

    [LoggerMessage(5, LogLevel.Debug, "Memory: managed heap {HeapMb:0.0} MB, committed {CommittedMb:0.0} MB, peak working set {PeakMb:0.0} MB; GCs gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}")]
    public static partial void Memory(ILogger logger, double heapMb, double committedMb, double peakMb, int gen0, int gen1, int gen2);

    [LoggerMessage(4, LogLevel.Error, "Input {Input} failed and stopped")]
    public static partial void SourceFailed(ILogger logger, string input, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Tailing {Path} from offset {Offset}")]
    public static partial void FileOpened(ILogger logger, string path, long offset);

    [LoggerMessage(11, LogLevel.Information, "{Path} was rotated away; read to its end at offset {Offset}")]
    public static partial void FileRotated(ILogger logger, string path, long offset);

    [LoggerMessage(12, LogLevel.Warning, "{Path} was truncated (copy-truncate rotation?); reading it again from the start")]
    public static partial void FileTruncated(ILogger logger, string path);

    [LoggerMessage(15, LogLevel.Information, "{Path} starts differently from the checkpointed file with its inode (a new file reused it); reading it from the start")]
    public static partial void FileReplaced(ILogger logger, string path);

    [LoggerMessage(13, LogLevel.Warning, "Cannot open {Path}; will retry on the next poll")]
    public static partial void FileOpenFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(14, LogLevel.Warning, "Reading {Path} failed; will retry on the next poll")]
    public static partial void FileReadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Input {Input} listening for syslog on {Transport} {Endpoint}")]
    public static partial void Listening(ILogger logger, string input, string transport, string endpoint);

    [LoggerMessage(21, LogLevel.Warning, "Input {Input}: receive failed")]
    public static partial void ReceiveFailed(ILogger logger, string input, Exception exception);

    [LoggerMessage(22, LogLevel.Warning, "Input {Input}: pipeline full, {Dropped} UDP datagrams dropped so far (counted in cyberagg.agent.events.dropped)")]
    public static partial void UdpOverflow(ILogger logger, string input, long dropped);

    [LoggerMessage(23, LogLevel.Warning, "Input {Input}: unreadable TCP framing from {Remote}; the rest was dead-lettered and the connection closed")]
    public static partial void TcpFramingLost(ILogger logger, string input, string remote);

    [LoggerMessage(24, LogLevel.Warning, "Input {Input}: refused {Remote} ({Reason}); {Count} refused for this reason so far (cyberagg.agent.connections.refused)")]
    public static partial void Refused(ILogger logger, string input, string remote, string reason, long count);

    [LoggerMessage(25, LogLevel.Warning, "Input {Input}: TLS handshake with {Remote} failed: {Error}")]
    public static partial void TlsFailed(ILogger logger, string input, string remote, string error);

    [LoggerMessage(26, LogLevel.Information, "Input {Input}: closed the connection from {Remote}, idle for {Seconds} s")]
    public static partial void IdleClosed(ILogger logger, string input, string remote, double seconds);

    [LoggerMessage(30, LogLevel.Debug, "Input {Input}: record {Origin} dead-lettered as {Reason}")]
    public static partial void DeadLettered(ILogger logger, string input, string reason, string origin);

    [LoggerMessage(42, LogLevel.Warning, "Kafka unreachable or failing ({Reason}); new batches go to the spool for {Seconds} s before the next try")]
    public static partial void CircuitOpened(ILogger logger, double seconds, string reason);

    [LoggerMessage(43, LogLevel.Information, "Kafka reachable again; draining the spool oldest first")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(44, LogLevel.Warning, "A batch of {Events} events was not acknowledged ({Reason}); spooled")]
    public static partial void SpoolingAfterFailure(ILogger logger, int events, string reason);

    [LoggerMessage(45, LogLevel.Information, "Spool drain attempt {Attempt} failed ({Reason}); retrying in {Seconds:0.0} s")]
    public static partial void DrainRetry(ILogger logger, int attempt, double seconds, string reason);

    [LoggerMessage(46, LogLevel.Warning, "Shutdown: {Count} batch(es) not acknowledged in time; they are spooled for the next run")]
    public static partial void ShutdownUnacknowledged(ILogger logger, int count);

    [LoggerMessage(47, LogLevel.Information, "Delivery stopped after {Seconds:0.00} s of shutdown: {EventsSent} events sent, {Spooled} batches spooled this run, {Left} left in the spool")]
    public static partial void DeliveryStopped(ILogger logger, long eventsSent, long spooled, int left, double seconds);

    [LoggerMessage(48, LogLevel.Error, "Kafka refused a message of {Bytes} bytes as too large: the broker's limit (message.max.bytes) is below delivery.max_message_bytes; messages are now kept to {Lowered} bytes. Set delivery.max_message_bytes to the broker's limit")]
    public static partial void MessageLimitLowered(ILogger logger, int bytes, int lowered);

    [LoggerMessage(49, LogLevel.Error, "Too large for Kafka: {What} is {Bytes} bytes, over delivery.max_message_bytes {Limit}; {Action}")]
    public static partial void MessageTooLarge(ILogger logger, string what, int bytes, int limit, string action);

    [LoggerMessage(50, LogLevel.Warning, "Spool full ({Bytes} of {MaxBytes} bytes) and spool.when_full is block: inputs wait until Kafka drains it")]
    public static partial void SpoolFullBlocking(ILogger logger, long bytes, long maxBytes);

    [LoggerMessage(51, LogLevel.Warning, "Spool full (spool.max_bytes {MaxBytes}); dropped the oldest batch {Path} with {Events} events (spool.when_full: drop_oldest)")]
    public static partial void SpoolDroppedOldest(ILogger logger, int events, string path, long maxBytes);

    [LoggerMessage(52, LogLevel.Error, "Spool entry {Path} is unreadable; moved aside as .corrupt and its events counted as dropped")]
    public static partial void SpoolEntryCorrupt(ILogger logger, string path, Exception exception);

    [LoggerMessage(53, LogLevel.Information, "Spool holds {Count} batch(es), {Bytes} bytes from an earlier run; sending them first")]
    public static partial void SpoolRecovered(ILogger logger, int count, long bytes);

    [LoggerMessage(54, LogLevel.Error, "Cannot write a batch of {Events} events to the spool; its file offsets stay unconfirmed and are re-read after a restart")]
    public static partial void SpoolWriteFailed(ILogger logger, int events, Exception exception);

    [LoggerMessage(60, LogLevel.Error, "Cannot save checkpoints to {Path}; a crash now would re-read (not lose) records")]
    public static partial void CheckpointFailed(ILogger logger, string path, Exception exception);
}
