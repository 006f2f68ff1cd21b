namespace CyberAgg.Api.Tests.Support;

/// <summary>One embedded Kafka, one embedded ClickHouse and one API server for the whole assembly.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
