-- Every release of an alert to a partner (Kafka feed, API, SSE, STIX) and every status change: who, what, when and
-- under which agreement. Append-only; sorted by alert so "who has seen this alert" is one range read.
CREATE TABLE IF NOT EXISTS {database}.sharing_audit
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
ENGINE = MergeTree
PARTITION BY toYYYYMM(audited_at)
ORDER BY (alert_id, audited_at)
TTL toDateTime(audited_at) + INTERVAL 730 DAY
SETTINGS non_replicated_deduplication_window = 1000;
