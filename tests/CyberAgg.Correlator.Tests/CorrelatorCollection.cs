using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests;

/// <summary>Shares one embedded Kafka and ClickHouse across this assembly's tests.</summary>
[CollectionDefinition(Name)]
public sealed class CorrelatorCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "correlator infrastructure";
}
