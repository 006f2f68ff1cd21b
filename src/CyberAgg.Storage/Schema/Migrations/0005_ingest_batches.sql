-- The correlator's batch plans: before a batch of one Kafka partition is inserted, its offset range is written
-- here. After a crash, whichever instance gets the partition re-forms exactly that range first, so the replayed
-- insert carries the same insert_deduplication_token and is stored once.
CREATE TABLE IF NOT EXISTS {database}.ingest_batches
(
    topic        LowCardinality(String),
    partition    Int32,
    first_offset Int64,
    last_offset  Int64,
    created_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(created_at)
ORDER BY (topic, partition, first_offset)
TTL toDateTime(created_at) + INTERVAL 7 DAY;
