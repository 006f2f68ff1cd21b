using CyberAgg.Cli.Commands;
using CyberAgg.Configuration;
using CyberAgg.Correlator;

namespace CyberAgg.Cli.Tests.Commands;

/// <summary><c>correlator.placeholders</c>: serve fills Sigma expand placeholders from configuration.</summary>
public sealed class CorrelatorHostPlaceholdersTests : IDisposable
{
    private const string ExpandRule = """
        title: Connection from a jump server
        id: 6f0b2b0e-0000-4000-8000-0000000000b2
        detection:
          sel:
            source.ip|expand: '%JumpServers%'
          condition: sel
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-serve-placeholders").FullName;

    [Fact]
    public void LoadRules_PlaceholdersFromConfiguration_CompileTheExpandRule()
    {
        var rules = Rules();
        var placeholders = Path.Combine(dir, "placeholders.yml");
        File.WriteAllText(placeholders, "JumpServers: [192.0.2.10, 192.0.2.11]\n");
        var options = new CorrelatorOptions { Rules = [rules], Placeholders = placeholders };
        options.Validate();

        var set = CorrelatorHost.LoadRules(options, TextWriter.Null);

        set.DetectionRules.ShouldHaveSingleItem().Title.ShouldBe("Connection from a jump server");
    }

    [Fact]
    public void LoadRules_NoPlaceholders_RefusesTheRuleNamingTheKey()
    {
        var options = new CorrelatorOptions { Rules = [Rules()] };

        Should.Throw<ConfigurationException>(() => CorrelatorHost.LoadRules(options, TextWriter.Null)).Message.ShouldContain("correlator.rules");
    }

    [Fact]
    public void Validate_PlaceholdersFileMissing_NamesTheKey()
    {
        var options = new CorrelatorOptions { Placeholders = Path.Combine(dir, "missing.yml") };

        Should.Throw<ConfigurationException>(options.Validate).Message.ShouldContain("correlator.placeholders");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Rules()
    {
        var rules = Path.Combine(dir, "rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "jump.yml"), ExpandRule);
        return rules;
    }
}
