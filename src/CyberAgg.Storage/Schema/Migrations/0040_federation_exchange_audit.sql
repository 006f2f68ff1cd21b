-- Sovereign mode: a node's own audit of clear-value exchanges (docs/sovereign-mode.md), every request it made or
-- answered, refusals and rejected (forged, replayed) messages included. Written before an answer leaves the node.
CREATE TABLE IF NOT EXISTS {database}.federation_exchange_audit
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
ENGINE = MergeTree
ORDER BY (requested_at, request_id, audited_at);
