using CyberAgg.Configuration;

namespace CyberAgg.Correlator.Hosting;

/// <summary>Every section a correlator runs on: Kafka, ClickHouse, the correlator's own and the ingest settings.</summary>
public sealed record CorrelatorSettings(KafkaOptions Kafka, ClickHouseOptions ClickHouse, CorrelatorOptions Correlator, IngestOptions Ingest);
