using System.Text.RegularExpressions;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Sovereign;

/// <summary><c>cyberagg demo --sovereign</c> as a new user runs it: a real process, one ClickHouse process per node.</summary>
public sealed partial class SovereignDemoTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "cyberagg-sovereign-demo-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task DemoSovereign_BalticCampaign_EveryNodeOwnClickHouseSameDetectionsAsCentralAndAuditedExchange()
    {
        var result = await ExternalTool.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "demo", "--sovereign", "--data", data, "--speed", "960", "--noise", "0.3"],
            timeout: TimeSpan.FromMinutes(4));

        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        var nodes = NodeLine().Matches(result.Output).ToList();
        nodes.Count.ShouldBe(5, "one node per country of the Baltic campaign: " + result.Output);
        nodes.Select(n => n.Groups["clickhouse"].Value).Distinct().Count().ShouldBe(5, "each node has a ClickHouse of its own");
        nodes.Select(n => n.Groups["kafka"].Value).Distinct().Count().ShouldBe(5, "each node has a Kafka of its own");
        result.Output.ShouldMatch(@"Detections: central (\d+), sovereign \1 \(matched \1, missed 0, extra 0\)");
        result.Output.ShouldMatch(@"Alliance topic: [\d,]+ messages, [\d,]+ bytes");
        result.Output.ShouldContain("Clear-value exchange: ");
        result.Output.ShouldContain("audited on both nodes");
        foreach (var node in nodes)
        {
            File.Exists(Path.Combine(data, "sovereign", node.Groups["node"].Value, "clickhouse", "password")).ShouldBeTrue();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [GeneratedRegex(@"(?<node>[a-z]{2}-node) \([^)]*\): Kafka (?<kafka>[0-9.:]+), ClickHouse (?<clickhouse>http://[0-9.:]+/?)")]
    private static partial Regex NodeLine();
}
