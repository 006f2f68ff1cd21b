-- Per-minute event counts with the owner's TLP, so /api/stats can apply the caller's scope as lists do: a partner
-- counts its own events at every label, and another partner's only at the labels an agreement releases to it.
-- events_per_minute (0004) has no TLP and is kept only for operators' own dashboards; nothing partner-facing reads it.
CREATE TABLE IF NOT EXISTS {database}.events_per_minute_tlp
(
    minute   DateTime('UTC'),
    partner  LowCardinality(String),
    country  LowCardinality(String),
    category LowCardinality(String),
    tlp      LowCardinality(String),
    events   UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, partner, country, category, tlp)
TTL minute + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- Backfill from the events still kept, once: a rerun after a crash finds the rollup filled and adds nothing.
INSERT INTO {database}.events_per_minute_tlp (minute, partner, country, category, tlp, events)
SELECT toStartOfMinute(ts) AS minute, partner, country, category, tlp, count() AS events
FROM {database}.events
WHERE (SELECT count() FROM {database}.events_per_minute_tlp) = 0
GROUP BY minute, partner, country, category, tlp;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.events_per_minute_tlp_mv TO {database}.events_per_minute_tlp AS
SELECT
    toStartOfMinute(ts) AS minute,
    partner,
    country,
    category,
    tlp,
    count() AS events
FROM {database}.events
GROUP BY minute, partner, country, category, tlp;
