using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

/// <summary>Shares one embedded ClickHouse across this assembly's tests; it parses every DDL statement.</summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "deploy";
}
