-- The Kafka partition each event was consumed from, so a correlator that is assigned a partition (start, restart,
-- rebalance) can read back the events of still-open correlation windows for exactly the partitions it owns.
ALTER TABLE {database}.events ADD COLUMN IF NOT EXISTS kafka_partition Int32 DEFAULT -1 AFTER ingested_at;
