using System.Text.RegularExpressions;
using CyberAgg.Configuration;
using CyberAgg.Deploy.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Deploy.Tests;

/// <summary>Every file in deploy/examples loads through CyberAgg.Configuration with its secrets present.</summary>
public sealed partial class ExamplesLoadTests : IDisposable
{
    // Sections of the configuration model (docs/configuration.md); the agent's own ones included.
    private static readonly HashSet<string> KnownSections = new(StringComparer.Ordinal)
    {
        "kafka", "clickhouse", "ingest", "correlator", "api", "telemetry", "agent", "ingest_key", "inputs", "spool", "batch", "delivery",
    };

    private readonly string root = Directory.CreateTempSubdirectory("cyberagg-examples").FullName;

    public static TheoryData<string> Examples() =>
        new(Directory.GetFiles(RepositoryPaths.InDeploy("examples"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Load_Example_ResolvesSecretsAndBindsTheSharedSections(string example)
    {
        var file = Stage(example);

        var configuration = ConfigurationLoader.Load(file, [], EnvironmentFor(file));

        var kafka = OptionsBinder.Bind<KafkaOptions>(configuration, "kafka");
        kafka.Validate();
        if (kafka.Password is not null || kafka.SecurityProtocol.StartsWith("sasl", StringComparison.Ordinal))
        {
            kafka.Password.ShouldBe("secret-for-test", "the Kafka password must be a ${file:} or ${env:} reference");
        }
        if (configuration.GetSection("clickhouse").Exists())
        {
            var clickhouse = OptionsBinder.Bind<ClickHouseOptions>(configuration, "clickhouse");
            clickhouse.Validate();
            clickhouse.Password.ShouldBe("secret-for-test", "the ClickHouse password must be a ${file:} or ${env:} reference");
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Load_Example_UsesOnlyKnownSections(string example)
    {
        var staged = Stage(example);
        var configuration = ConfigurationLoader.Load(staged, [], EnvironmentFor(staged));

        configuration.GetChildren().Select(c => c.Key).Where(k => !KnownSections.Contains(k)).ShouldBeEmpty();
    }

    [Fact]
    public void Examples_ServeAndApiForEachDeployment_Exist()
    {
        string[] expected = ["api-compose.yaml", "api-kubernetes.yaml", "serve-compose.yaml", "serve-kubernetes.yaml"];

        expected.ShouldBeSubsetOf(Directory.GetFiles(RepositoryPaths.InDeploy("examples"), "*.yaml").Select(Path.GetFileName));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Copies the example with every secret file and CA path moved under a temporary root, where they exist.</summary>
    private string Stage(string example)
    {
        var text = File.ReadAllText(RepositoryPaths.InDeploy("examples/" + example));
        text = FileReference().Replace(text, m => "${file:" + Materialise(m.Groups["path"].Value) + "}");
        text = CaFile().Replace(text, m => m.Groups["key"].Value + Materialise(m.Groups["path"].Value));
        var staged = Path.Combine(root, example);
        File.WriteAllText(staged, text);
        return staged;
    }

    /// <summary>Every ${env:NAME} the example refers to, set as a deployment would set it.</summary>
    private static Dictionary<string, string> EnvironmentFor(string staged) =>
        EnvReference().Matches(File.ReadAllText(staged)).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, _ => "secret-for-test", StringComparer.Ordinal);

    private string Materialise(string absolute)
    {
        var path = Path.Combine(root, "fs", absolute.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "secret-for-test\n");
        return path;
    }

    [GeneratedRegex(@"\$\{env:(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\$\{file:(?<path>/[^}]+)\}")]
    private static partial Regex FileReference();

    [GeneratedRegex(@"(?<key>ca_file:\s*)(?<path>/\S+)")]
    private static partial Regex CaFile();
}
