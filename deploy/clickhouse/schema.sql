-- Generated from src/CyberAgg.Storage/Schema/Migrations by ClusterSchema.RenderScript("cyberagg", "cyberagg"). Do not edit: change the migrations and regenerate (deploy/README.md).
-- Apply once per cluster: clickhouse-client --multiquery < schema.sql (every statement is ON CLUSTER and idempotent).

CREATE DATABASE IF NOT EXISTS cyberagg ON CLUSTER cyberagg;

CREATE TABLE IF NOT EXISTS cyberagg.events_local ON CLUSTER cyberagg
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/cyberagg/events_local', '{replica}')
PARTITION BY toYYYYMMDD(ts)
ORDER BY (partner, category, ts)
TTL toDateTime(ts) + INTERVAL 90 DAY
SETTINGS replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS cyberagg.events ON CLUSTER cyberagg AS cyberagg.events_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'events_local', cityHash64(event_id));

CREATE TABLE IF NOT EXISTS cyberagg.alerts_local ON CLUSTER cyberagg
(
    alert_id           String,
    rule_id            LowCardinality(String),
    rule_title         LowCardinality(String),
    level              LowCardinality(String),
    kind               LowCardinality(String),
    raised_at          DateTime64(3, 'UTC'),
    first_seen         DateTime64(3, 'UTC'),
    last_seen          DateTime64(3, 'UTC'),
    group_key          String,
    group_fields       Map(String, String),
    countries          Array(LowCardinality(String)),
    partners           Array(LowCardinality(String)),
    event_count        UInt64,
    evidence_event_ids Array(String),
    tlp                LowCardinality(String),
    status             LowCardinality(String) DEFAULT 'new',
    assignee           String DEFAULT '',
    updated_at         DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_group_key group_key TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/cyberagg/alerts_local', '{replica}', updated_at)
PARTITION BY toYYYYMM(raised_at)
ORDER BY alert_id
TTL toDateTime(raised_at) + INTERVAL 365 DAY;

CREATE TABLE IF NOT EXISTS cyberagg.alerts ON CLUSTER cyberagg AS cyberagg.alerts_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'alerts_local', cityHash64(alert_id));

CREATE TABLE IF NOT EXISTS cyberagg.deadletter_local ON CLUSTER cyberagg
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/cyberagg/deadletter_local', '{replica}')
PARTITION BY toYYYYMM(received_at)
ORDER BY (reason, received_at)
TTL toDateTime(received_at) + INTERVAL 30 DAY
SETTINGS replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS cyberagg.deadletter ON CLUSTER cyberagg AS cyberagg.deadletter_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'deadletter_local', cityHash64(topic, kafka_partition, kafka_offset));

CREATE TABLE IF NOT EXISTS cyberagg.events_per_minute_local ON CLUSTER cyberagg
(
    minute   DateTime('UTC'),
    partner  LowCardinality(String),
    country  LowCardinality(String),
    category LowCardinality(String),
    events   UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/cyberagg/events_per_minute_local', '{replica}')
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, partner, country, category)
TTL minute + INTERVAL 400 DAY
SETTINGS replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS cyberagg.events_per_minute ON CLUSTER cyberagg AS cyberagg.events_per_minute_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'events_per_minute_local');

CREATE MATERIALIZED VIEW IF NOT EXISTS cyberagg.events_per_minute_mv ON CLUSTER cyberagg TO cyberagg.events_per_minute_local AS
SELECT
    toStartOfMinute(ts) AS minute,
    partner,
    country,
    category,
    count() AS events
FROM cyberagg.events_local
GROUP BY minute, partner, country, category;

CREATE TABLE IF NOT EXISTS cyberagg.ingest_batches_local ON CLUSTER cyberagg
(
    topic        LowCardinality(String),
    partition    Int32,
    first_offset Int64,
    last_offset  Int64,
    created_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/cyberagg/ingest_batches_local', '{replica}', created_at)
ORDER BY (topic, partition, first_offset)
TTL toDateTime(created_at) + INTERVAL 7 DAY;

CREATE TABLE IF NOT EXISTS cyberagg.ingest_batches ON CLUSTER cyberagg AS cyberagg.ingest_batches_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'ingest_batches_local', cityHash64(topic, partition));

CREATE TABLE IF NOT EXISTS cyberagg.sharing_audit_local ON CLUSTER cyberagg
(
    audited_at    DateTime64(3, 'UTC'),
    action        LowCardinality(String),
    actor         LowCardinality(String),
    recipient     LowCardinality(String),
    alert_id      String,
    agreement_ids Array(LowCardinality(String)),
    key_ids       Array(LowCardinality(String)),
    tlp           LowCardinality(String),
    channel       LowCardinality(String),
    detail        String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/cyberagg/sharing_audit_local', '{replica}')
PARTITION BY toYYYYMM(audited_at)
ORDER BY (alert_id, audited_at)
TTL toDateTime(audited_at) + INTERVAL 730 DAY
SETTINGS replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS cyberagg.sharing_audit ON CLUSTER cyberagg AS cyberagg.sharing_audit_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'sharing_audit_local', cityHash64(alert_id));

CREATE TABLE IF NOT EXISTS cyberagg.events_per_minute_tlp_local ON CLUSTER cyberagg
(
    minute   DateTime('UTC'),
    partner  LowCardinality(String),
    country  LowCardinality(String),
    category LowCardinality(String),
    tlp      LowCardinality(String),
    events   UInt64
)
ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/cyberagg/events_per_minute_tlp_local', '{replica}')
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, partner, country, category, tlp)
TTL minute + INTERVAL 400 DAY
SETTINGS replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS cyberagg.events_per_minute_tlp ON CLUSTER cyberagg AS cyberagg.events_per_minute_tlp_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'events_per_minute_tlp_local');

CREATE MATERIALIZED VIEW IF NOT EXISTS cyberagg.events_per_minute_tlp_mv ON CLUSTER cyberagg TO cyberagg.events_per_minute_tlp_local AS
SELECT
    toStartOfMinute(ts) AS minute,
    partner,
    country,
    category,
    tlp,
    count() AS events
FROM cyberagg.events_local
GROUP BY minute, partner, country, category, tlp;

ALTER TABLE cyberagg.events_local ON CLUSTER cyberagg ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 AFTER ingested_at;

ALTER TABLE cyberagg.events ON CLUSTER cyberagg ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 AFTER ingested_at;

CREATE TABLE IF NOT EXISTS cyberagg.ingest_gaps_local ON CLUSTER cyberagg
(
    detected_at  DateTime64(3, 'UTC') DEFAULT now64(3),
    topic        LowCardinality(String),
    partition    Int32,
    first_offset Int64,
    last_offset  Int64,
    messages     Int64,
    consumer     LowCardinality(String)
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/cyberagg/ingest_gaps_local', '{replica}', detected_at)
ORDER BY (topic, partition, first_offset)
TTL toDateTime(detected_at) + INTERVAL 365 DAY;

CREATE TABLE IF NOT EXISTS cyberagg.ingest_gaps ON CLUSTER cyberagg AS cyberagg.ingest_gaps_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'ingest_gaps_local', cityHash64(topic, partition));

ALTER TABLE cyberagg.events_local ON CLUSTER cyberagg ADD INDEX IF NOT EXISTS idx_ingested_at ingested_at TYPE minmax GRANULARITY 1;

CREATE TABLE IF NOT EXISTS cyberagg.federation_exchange_audit_local ON CLUSTER cyberagg
(
    audited_at   DateTime64(3, 'UTC'),
    request_id   String,
    role         LowCardinality(String),
    requester    LowCardinality(String),
    owner        LowCardinality(String),
    analyst      String,
    token        String,
    alert_id     String,
    kind         LowCardinality(String),
    decision     LowCardinality(String),
    reason       LowCardinality(String),
    agreement_id String,
    tlp          LowCardinality(String),
    requested_at DateTime64(3, 'UTC'),
    clear_value  String
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/cyberagg/federation_exchange_audit_local', '{replica}')
ORDER BY (requested_at, request_id, audited_at);

CREATE TABLE IF NOT EXISTS cyberagg.federation_exchange_audit ON CLUSTER cyberagg AS cyberagg.federation_exchange_audit_local
ENGINE = Distributed('cyberagg', 'cyberagg', 'federation_exchange_audit_local', cityHash64(request_id));

CREATE TABLE IF NOT EXISTS cyberagg.schema_migrations ON CLUSTER cyberagg (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/cyberagg/schema_migrations', '{replica}') ORDER BY version;

INSERT INTO cyberagg.schema_migrations (version, name) VALUES (1, 'events'), (2, 'alerts'), (3, 'deadletter'), (4, 'events_per_minute'), (5, 'ingest_batches'), (10, 'sharing_audit'), (11, 'events_per_minute_tlp'), (30, 'events_kafka_partition'), (31, 'ingest_gaps'), (32, 'events_ingested_at_index'), (40, 'federation_exchange_audit');
