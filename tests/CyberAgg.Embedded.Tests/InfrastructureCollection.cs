using CyberAgg.Testing;

namespace CyberAgg.Embedded.Tests;

/// <summary>Shares one embedded Kafka and one embedded ClickHouse across this assembly's tests.</summary>
[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "embedded infrastructure";
}
