-- Alerts. A status change (ack, assign, close) is a new row with a later updated_at; ReplacingMergeTree keeps the
-- latest, and a replayed alert with the same id collapses into one. Read with FINAL or argMax(updated_at).
CREATE TABLE IF NOT EXISTS {database}.alerts
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
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(raised_at)
ORDER BY alert_id
TTL toDateTime(raised_at) + INTERVAL 365 DAY;
