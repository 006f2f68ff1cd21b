-- Records that could not be decoded or trusted, with the reason and the original bytes (truncated if huge).
CREATE TABLE IF NOT EXISTS {database}.deadletter
(
    received_at     DateTime64(3, 'UTC'),
    source          LowCardinality(String),
    partner         LowCardinality(String),
    reason          LowCardinality(String),
    detail          String,
    topic           LowCardinality(String),
    kafka_partition Int32,
    kafka_offset    Int64,
    original        String CODEC(ZSTD(3)),
    original_size   UInt64,
    truncated       UInt8
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (reason, received_at)
TTL toDateTime(received_at) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 1000;
