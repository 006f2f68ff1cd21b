using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Storage.Schema;

namespace CyberAgg.Deploy.Tests;

public sealed class ClusterSchemaFileTests
{
    /// <summary>Set to 1 to rewrite deploy/clickhouse/schema.sql from the migrations instead of failing.</summary>
    private const string RegenerateVariable = "CYBERAGG_REGENERATE_DEPLOY";

    [Fact]
    public void SchemaFile_Committed_EqualsTheRenderingOfTheMigrations()
    {
        var path = RepositoryPaths.InDeploy("clickhouse/schema.sql");
        var rendered = ClusterSchema.RenderScript();
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            File.WriteAllText(path, rendered);
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing. Render it: {RegenerateVariable}=1 dotnet test tests/CyberAgg.Deploy.Tests --filter ClusterSchemaFileTests");
        File.ReadAllText(path).ShouldBe(rendered,
            $"deploy/clickhouse/schema.sql is stale: the migrations changed. Render it again: {RegenerateVariable}=1 dotnet test tests/CyberAgg.Deploy.Tests --filter ClusterSchemaFileTests");
    }
}
