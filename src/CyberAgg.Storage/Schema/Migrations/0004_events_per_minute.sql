-- Per-minute event counts by partner, country and category: the dashboard's rate charts and /api/stats read this
-- rollup instead of scanning events. A replayed batch is deduplicated here too when the insert sets
-- deduplicate_blocks_in_dependent_materialized_views = 1, which the event writer does.
CREATE TABLE IF NOT EXISTS {database}.events_per_minute
(
    minute   DateTime('UTC'),
    partner  LowCardinality(String),
    country  LowCardinality(String),
    category LowCardinality(String),
    events   UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (minute, partner, country, category)
TTL minute + INTERVAL 400 DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.events_per_minute_mv TO {database}.events_per_minute AS
SELECT
    toStartOfMinute(ts) AS minute,
    partner,
    country,
    category,
    count() AS events
FROM {database}.events
GROUP BY minute, partner, country, category;
