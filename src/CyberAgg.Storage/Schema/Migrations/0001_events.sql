-- Every stored event. Day partitions keep TTL drops cheap; the sort key serves per-partner, per-category scans.
-- non_replicated_deduplication_window makes insert_deduplication_token work on a single-node MergeTree too,
-- so a correlator that replays a batch after a crash does not store it twice.
CREATE TABLE IF NOT EXISTS {database}.events
(
    event_id             String,
    ts                   DateTime64(3, 'UTC'),
    ingested_at          DateTime64(3, 'UTC') DEFAULT now64(3),
    partner              LowCardinality(String),
    country              LowCardinality(String),
    observer_name        LowCardinality(String),
    kind                 LowCardinality(String),
    category             LowCardinality(String),
    action               LowCardinality(String),
    outcome              LowCardinality(String),
    severity             UInt8,
    source_ip            String,
    source_port          UInt16,
    destination_ip       String,
    destination_port     UInt16,
    transport            LowCardinality(String),
    domain               String,
    url                  String CODEC(ZSTD(1)),
    file_sha256          String,
    file_name            String,
    user_name            String,
    host_name            String,
    process_executable   String,
    process_command_line String CODEC(ZSTD(1)),
    technique            LowCardinality(String),
    tlp                  LowCardinality(String),
    trusted              UInt8,
    message              String CODEC(ZSTD(1)),
    labels               Map(LowCardinality(String), String),
    attributes           Map(String, String) CODEC(ZSTD(1)),
    INDEX idx_source_ip source_ip TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_domain domain TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_file_sha256 file_sha256 TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toYYYYMMDD(ts)
ORDER BY (partner, category, ts)
TTL toDateTime(ts) + INTERVAL 90 DAY
SETTINGS non_replicated_deduplication_window = 1000;
