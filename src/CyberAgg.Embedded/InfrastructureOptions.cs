using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;

namespace CyberAgg.Embedded;

/// <summary>What to start of the embedded infrastructure; a null part is not started.</summary>
public sealed class InfrastructureOptions
{
    /// <summary>Root folder; ClickHouse data goes to its <c>clickhouse</c> subfolder.</summary>
    public string DataDirectory { get; set; } = ".cyberagg";

    public EmbeddedKafkaOptions? Kafka { get; set; } = new();

    public EmbeddedClickHouseOptions? ClickHouse { get; set; } = new();
}
