using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

public sealed class YamlLintTests
{
    [Fact]
    public async Task Yamllint_DeployFolder_HasNoErrorsOrWarnings()
    {
        var tool = ExternalTool.Require("yamllint", "yamllint");

        var (exitCode, output, error) = await ExternalTool.RunAsync(tool,
            ["--strict", "-f", "parsable", "-c", RepositoryPaths.InDeploy(".yamllint"), RepositoryPaths.Deploy]);

        exitCode.ShouldBe(0, $"yamllint found problems in deploy/:\n{output}{error}");
    }

    [Fact]
    public async Task Yamllint_BrokenFile_IsReported()
    {
        // Proves the lint above can fail: a duplicate key is an error under the same configuration.
        var tool = ExternalTool.Require("yamllint", "yamllint");
        var file = Path.Combine(Directory.CreateTempSubdirectory("cyberagg-lint").FullName, "broken.yaml");
        await File.WriteAllTextAsync(file, "kafka:\n  bootstrap: a\n  bootstrap: b\n");

        var (exitCode, output, _) = await ExternalTool.RunAsync(tool, ["--strict", "-f", "parsable", "-c", RepositoryPaths.InDeploy(".yamllint"), file]);

        exitCode.ShouldNotBe(0);
        output.ShouldContain("duplication of key");
    }
}
