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

    [LoggerMessage(8, LogLevel.Warning, "Partner {Partner} sensor {Sensor} sends events from the future ({Timestamp:O}, wall clock {Now:O}, allowed skew {SkewSeconds} s): stored, but they move no watermark and are not correlated; check the sensor's clock")]
    public static partial void FutureEvent(ILogger logger, string partner, string sensor, DateTimeOffset timestamp, DateTimeOffset now, double skewSeconds);

    [LoggerMessage(9, LogLevel.Warning, "{Count} late events in the last minute (older than the watermark {Watermark:O}; stored, not correlated), by partner: {ByPartner}; raise correlator.lateness if these are expected")]
    public static partial void LateSummary(ILogger logger, long count, string byPartner, DateTimeOffset watermark);

    [LoggerMessage(10, LogLevel.Warning, "{Count} future-dated events in the last minute, by partner: {ByPartner}")]
    public static partial void FutureSummary(ILogger logger, long count, string byPartner);

    [LoggerMessage(11, LogLevel.Information, "Restored correlation state for partitions {Partitions}: {Events} events since {Since:O}, {Alerts} alerts seeded, watermark {Watermark:O}; {Raised} alerts raised that were not stored before")]
    public static partial void Restored(ILogger logger, string partitions, int events, DateTimeOffset since, int alerts, DateTimeOffset watermark, int raised);

    [LoggerMessage(12, LogLevel.Warning, "Restoring correlation state hit the limit of {Limit} events since {Since:O}; older windows of partitions {Partitions} start empty")]
    public static partial void RestoreTruncated(ILogger logger, int limit, DateTimeOffset since, string partitions);

    [LoggerMessage(13, LogLevel.Error, "Data lost before it was consumed: {Topic}/{Partition} offsets {First}-{Last} ({Messages} messages) were deleted by Kafka's retention; recorded in ingest_gaps. Consume faster, add partitions or raise retention")]
    public static partial void GapDetected(ILogger logger, string topic, int partition, long first, long last, long messages);

    [LoggerMessage(14, LogLevel.Error, "Kafka could not deliver the record at {Topic}/{Partition}@{Offset} ({Reason}): dead-lettered, consuming past it")]
    public static partial void RecordError(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(40, LogLevel.Information, "Read {Count} ids of events stored in the last {Reach} into the duplicate ledger, so their copies are not stored again")]
    public static partial void LedgerSeeded(ILogger logger, int count, TimeSpan reach);

    [LoggerMessage(41, LogLevel.Warning, "Could not read recently stored event ids into the duplicate ledger ({Reason}); copies of events stored before the restart may be stored again until it succeeds")]
    public static partial void LedgerSeedFailed(ILogger logger, string reason);

    [LoggerMessage(15, LogLevel.Warning, "ClickHouse insert failed ({Kind}), retrying (attempt {Attempt}): {Reason}")]
    public static partial void StoreRetrying(ILogger logger, int attempt, string kind, string reason);

    [LoggerMessage(16, LogLevel.Error, "Correlator cannot store events, consumption is paused and nothing is committed: {Reason}. Retrying with backoff; /readyz fails until an insert succeeds")]
    public static partial void StoreStalled(ILogger logger, string reason);

    [LoggerMessage(17, LogLevel.Information, "Storing works again after {Seconds:F1} s; consumption resumes")]
    public static partial void StoreRecovered(ILogger logger, double seconds);

    [LoggerMessage(18, LogLevel.Warning, "Event refused by ClickHouse on {Topic}/{Partition}, dead-lettered as store_refused: {Detail}")]
    public static partial void StoreRefused(ILogger logger, string topic, int partition, string detail);

    [LoggerMessage(42, LogLevel.Warning, "Kafka did not answer for {What} of partitions {Partitions} after retries; consuming them without the gap check and the planned-range replay (the duplicate ledger still stores a replay once)")]
    public static partial void AssignmentDegraded(ILogger logger, string partitions, string what);
}
