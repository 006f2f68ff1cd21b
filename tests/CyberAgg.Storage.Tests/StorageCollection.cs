using CyberAgg.Testing;

namespace CyberAgg.Storage.Tests;

/// <summary>Shares one embedded ClickHouse across this assembly's tests.</summary>
[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "embedded clickhouse";
}
