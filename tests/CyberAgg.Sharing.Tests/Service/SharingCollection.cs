using CyberAgg.Testing;

namespace CyberAgg.Sharing.Tests.Service;

/// <summary>The embedded Kafka and ClickHouse the sharing service tests run against.</summary>
[CollectionDefinition(Name)]
public sealed class SharingCollection : ICollectionFixture<KafkaFixture>, ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "sharing infrastructure";
}
