using CyberAgg.Configuration;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Events.Ingest;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Correlator.Tests.Hosting;

/// <summary>The set-up serve, demo and bench share: settings, rules (with <c>correlator.placeholders</c>).</summary>
public sealed class CorrelatorSetupTests : IDisposable
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

        var set = CorrelatorSetup.LoadRules(options, TextWriter.Null);

        set.DetectionRules.ShouldHaveSingleItem().Title.ShouldBe("Connection from a jump server");
    }

    [Fact]
    public void LoadRules_NoPlaceholders_RefusesTheRuleNamingTheKey()
    {
        var options = new CorrelatorOptions { Rules = [Rules()] };

        Should.Throw<ConfigurationException>(() => CorrelatorSetup.LoadRules(options, TextWriter.Null)).Message.ShouldContain("correlator.rules");
    }

    [Fact]
    public void Validate_PlaceholdersFileMissing_NamesTheKey()
    {
        var options = new CorrelatorOptions { Placeholders = Path.Combine(dir, "missing.yml") };

        Should.Throw<ConfigurationException>(options.Validate).Message.ShouldContain("correlator.placeholders");
    }

    [Fact]
    public void LoadRules_RuleFailsToLoad_WritesTheDiagnosticAndNamesTheKey()
    {
        var options = new CorrelatorOptions { Rules = [Rules()] };
        using var output = new StringWriter();

        Should.Throw<ConfigurationException>(() => CorrelatorSetup.LoadRules(options, output)).Message.ShouldContain("1 of 1 rules failed to load");

        output.ToString().ShouldStartWith("  rule: ");
    }

    [Fact]
    public void ReadRules_RuleFailsToLoad_ReturnsTheSetWithItsErrorsForTheCallerToReport()
    {
        var rules = CorrelatorSetup.ReadRules([Rules()], placeholders: null);

        rules.HasErrors.ShouldBeTrue();
        rules.FailedRuleCount.ShouldBe(1);
    }

    [Fact]
    public void Bind_NoRulesNoTrust_ShippedRulesAndOpenTrustWhereOpenIsTheDefault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["kafka:bootstrap"] = "127.0.0.1:9092",
        }).Build();

        var embedded = CorrelatorSetup.Bind(configuration, openTrustByDefault: true);

        embedded.Correlator.Rules.ShouldBe([CorrelatorSetup.ShippedRules]);
        embedded.Ingest.Trust.ShouldBe(IngestTrust.Open);
        Should.Throw<ConfigurationException>(() => CorrelatorSetup.Bind(configuration, openTrustByDefault: false))
            .Message.ShouldContain("ingest.keys", customMessage: "a configured server verifies what it ingests, so it needs keys");
    }

    [Fact]
    public void Bind_ExplicitTrust_IsKeptEvenWhereOpenIsTheDefault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ingest:trust"] = "signed",
            ["ingest:keys:0:partner"] = "ee-cert",
            ["ingest:keys:0:key_id"] = "k1",
            ["ingest:keys:0:country"] = "EE",
            ["ingest:keys:0:secret"] = "base64:" + Convert.ToBase64String(new byte[32]),
        }).Build();

        CorrelatorSetup.Bind(configuration, openTrustByDefault: true).Ingest.Trust.ShouldBe(IngestTrust.Signed);
    }

    [Fact]
    public void Bind_BadCorrelatorSetting_NamesTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["correlator:batch_max_events"] = "0",
        }).Build();

        Should.Throw<ConfigurationException>(() => CorrelatorSetup.Bind(configuration, openTrustByDefault: true)).Message.ShouldContain("correlator.batch_max_events");
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
