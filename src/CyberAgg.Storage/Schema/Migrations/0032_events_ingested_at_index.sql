-- When each event was stored, as a min/max per granule: a correlator that starts reads back the ids stored in its
-- last minutes (its duplicate ledger) from the few granules that hold them, whatever time the events carry, so a copy
-- of last month's event re-sent across a restart is still recognised. Parts written before this index are read
-- whole by that query until merges rebuild them; on a large upgraded table, build it for them once with
-- ALTER TABLE cyberagg.events MATERIALIZE INDEX idx_ingested_at.
ALTER TABLE {database}.events ADD INDEX IF NOT EXISTS idx_ingested_at ingested_at TYPE minmax GRANULARITY 1;
