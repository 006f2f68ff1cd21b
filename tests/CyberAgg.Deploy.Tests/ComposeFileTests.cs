using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

public sealed class ComposeFileTests
{
    private static string ComposeFile => RepositoryPaths.InDeploy("compose/docker-compose.yml");

    [Fact]
    public async Task DockerComposeConfig_ShippedFile_Validates()
    {
        var (exitCode, output, error) = await RunConfigAsync("-q");

        exitCode.ShouldBe(0, $"docker-compose config rejected {ComposeFile}:\n{error}{output}");
    }

    [Fact]
    public async Task DockerComposeConfig_Services_AreTheIssuesTopology()
    {
        var (exitCode, output, error) = await RunConfigAsync("--services");

        exitCode.ShouldBe(0, error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ShouldBe(
        [
            "api", "ch-s1-r1", "ch-s1-r2", "ch-s2-r1", "ch-s2-r2", "clickhouse-init", "correlator-1", "correlator-2", "grafana",
            "kafka-1", "kafka-2", "kafka-3", "kafka-init", "keeper-1", "keeper-2", "keeper-3", "otel-collector", "prometheus",
        ]);
    }

    [Fact]
    public async Task DockerComposeConfig_Images_ArePinnedVersions()
    {
        var (_, output, _) = await RunConfigAsync();

        var images = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("image: ", StringComparison.Ordinal)).Select(l => l["image: ".Length..]).Distinct().ToArray();
        images.ShouldNotBeEmpty();
        images.ShouldAllBe(i => i.Contains(':', StringComparison.Ordinal) && !i.EndsWith(":latest", StringComparison.Ordinal));
    }

    [Fact]
    public void KafkaBrokers_Durability_TwoInSyncReplicasAndNoUncleanElection()
    {
        var properties = File.ReadAllLines(RepositoryPaths.InDeploy("compose/kafka/server.properties"));

        properties.ShouldContain("min.insync.replicas=2");
        properties.ShouldContain("unclean.leader.election.enable=false");
        properties.ShouldContain("default.replication.factor=3");
        properties.ShouldContain("allow.everyone.if.no.acl.found=false");
        properties.ShouldContain("listener.security.protocol.map=CONTROLLER:SSL,BROKER:SSL,APP:SASL_SSL,PARTNER:SASL_SSL");
        properties.ShouldNotContain(l => l.Contains("password", StringComparison.OrdinalIgnoreCase) && !l.TrimStart().StartsWith('#'));
    }

    [Fact]
    public void KafkaInit_PartnerAcls_AllowWritingOnlyTheIngestTopic()
    {
        var lines = File.ReadAllLines(RepositoryPaths.InDeploy("compose/kafka/init.sh"))
            .Where(l => l.Contains("User:$p", StringComparison.Ordinal) && l.Contains("--operation Write", StringComparison.Ordinal))
            .ToArray();

        lines.ShouldHaveSingleItem().ShouldContain("--topic cyberagg.events.v1");
    }

    private static Task<(int ExitCode, string Output, string Error)> RunConfigAsync(params string[] extra)
    {
        var tool = ExternalTool.Require("docker-compose", "docker-compose");
        return ExternalTool.RunAsync(tool, ["-f", ComposeFile, "--project-directory", Path.GetDirectoryName(ComposeFile)!, "config", .. extra]);
    }
}
