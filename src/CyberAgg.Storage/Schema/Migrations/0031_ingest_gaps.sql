-- Offset ranges of the events topic that were deleted (retention) before the correlator consumed them: data that
-- was acknowledged by Kafka but never stored. The operator sees them here instead of losing them in silence.
CREATE TABLE IF NOT EXISTS {database}.ingest_gaps
(
    detected_at  DateTime64(3, 'UTC') DEFAULT now64(3),
    topic        LowCardinality(String),
    partition    Int32,
    first_offset Int64,
    last_offset  Int64,
    messages     Int64,
    consumer     LowCardinality(String)
)
ENGINE = ReplacingMergeTree(detected_at)
ORDER BY (topic, partition, first_offset)
TTL toDateTime(detected_at) + INTERVAL 365 DAY;
