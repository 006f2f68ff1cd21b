using System.Text.Json;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Rules;

/// <summary><c>cyberagg rules validate|test --placeholders FILE</c> and the strict loader, as a user runs them.</summary>
public sealed class RulesPlaceholdersOptionTests : IDisposable
{
    private const string ExpandRule = """
        title: Connection from a jump server
        id: 6f0b2b0e-0000-4000-8000-0000000000a1
        detection:
          sel:
            source.ip|expand: '%JumpServers%'
          condition: sel
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-placeholders").FullName;

    [Fact]
    public async Task Validate_ExpandWithoutPlaceholders_ExitsOneNamingPlaceholderAndOption()
    {
        var rules = WriteRules(ExpandRule);

        var result = await Run("rules", "validate", rules);

        result.ExitCode.ShouldBe(1, result.Output + result.Error);
        result.Output.ShouldContain("placeholder %JumpServers% has no configured values; give it values in a placeholders file (--placeholders FILE");
    }

    [Fact]
    public async Task Validate_ExpandWithPlaceholdersFile_Compiles()
    {
        var rules = WriteRules(ExpandRule);
        var placeholders = Write("placeholders.yml", "JumpServers: [192.0.2.10, 192.0.2.11]\n");

        var result = await Run("rules", "validate", "--placeholders", placeholders, rules);

        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        result.Output.ShouldContain("1 of 1 rules compiled");
    }

    [Theory]
    [InlineData("JumpServers: []\n", "placeholders.yml: line 1, column 14: placeholder 'JumpServers' has no values")]
    [InlineData("- admin\n", "placeholders.yml: line 1, column 1: must be one YAML map of placeholder name to a list of values")]
    public async Task Validate_MalformedPlaceholdersFile_ExitsTwoNamingFileAndPosition(string content, string message)
    {
        var rules = WriteRules(ExpandRule);
        var placeholders = Write("placeholders.yml", content);

        var result = await Run("rules", "validate", "--placeholders", placeholders, rules);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldStartWith("error: ");
        result.Error.ShouldContain(message);
    }

    [Fact]
    public async Task Validate_MissingPlaceholdersFile_ExitsTwoNamingIt()
    {
        var rules = WriteRules(ExpandRule);
        var missing = Path.Combine(dir, "nope.yml");

        var result = await Run("rules", "validate", "--placeholders", missing, rules);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain($"{missing}: cannot read placeholders file");
    }

    [Fact]
    public async Task Test_ExpandWithPlaceholdersFile_MatchesOnlyListedValues()
    {
        var rules = WriteRules(ExpandRule);
        var placeholders = Write("placeholders.yml", "JumpServers: [192.0.2.10, 192.0.2.11]\n");
        var events = Write("events.jsonl", """
            {"@timestamp":"2026-11-24T10:00:00Z","source":{"ip":"192.0.2.11"}}
            {"@timestamp":"2026-11-24T10:00:01Z","source":{"ip":"198.51.100.7"}}
            """);

        var result = await Run("rules", "test", "--placeholders", placeholders, rules, events);

        result.ExitCode.ShouldBe(0, result.Error);
        var match = JsonDocument.Parse(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem()).RootElement;
        match.GetProperty("rule_id").GetString().ShouldBe("6f0b2b0e-0000-4000-8000-0000000000a1");
        match.GetProperty("event_index").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Validate_Help_TeachesThePlaceholdersFileForm()
    {
        var result = await Run("rules", "validate", "--help");

        result.ExitCode.ShouldBe(0);
        result.Output.ShouldContain("--placeholders <FILE>");
        result.Output.ShouldContain("'Administrators: [admin, root]'");
    }

    [Fact]
    public async Task Validate_GroupByTypoInCorrelation_ExitsOneNamingKeyAndKnownKeys()
    {
        var rules = WriteRules(ExpandRule.Replace("'%JumpServers%'", "192.0.2.10", StringComparison.Ordinal) + """

            ---
            title: Repeated jump server connections
            id: 6f0b2b0e-0000-4000-8000-0000000000a2
            correlation:
              type: event_count
              rules: [6f0b2b0e-0000-4000-8000-0000000000a1]
              group_by: [host.name]
              timespan: 10m
              condition: {gte: 3}
            """);

        var result = await Run("rules", "validate", rules);

        result.ExitCode.ShouldBe(1, result.Output + result.Error);
        result.Output.ShouldContain("unknown key 'group_by' in 'correlation' (did you mean 'group-by'?); known keys: type, rules, group-by, timespan, condition, aliases, generate");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static Task<(int ExitCode, string Output, string Error)> Run(params string[] args) =>
        ExternalTool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), .. args]);

    private string WriteRules(string yaml)
    {
        var folder = Directory.CreateDirectory(Path.Combine(dir, "rules")).FullName;
        File.WriteAllText(Path.Combine(folder, "rule.yml"), yaml);
        return folder;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
