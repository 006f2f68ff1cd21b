using System.Text;
using CsCheck;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Loading;

/// <summary>Values for <c>|expand</c> placeholders come from a YAML file of name to values.</summary>
public sealed class PlaceholderValuesTests
{
    private const string ExpandRule = """
        title: Admin logon
        id: 00000000-0000-4000-8000-000000000001
        logsource:
          product: test
        detection:
          sel:
            User|expand: '%Administrators%'
          condition: sel
        """;

    [Fact]
    public void Parse_ListScalarAndPercentForms_ReadsEveryName()
    {
        var values = PlaceholderValues.Parse("Administrators: [admin, root]\n'%Servers%': srv01\nknown_cdcs:\n  - dc01.corp.example\n  - 10.0.0.10\n", "p.yml");

        values["Administrators"].ShouldBe(["admin", "root"]);
        values["servers"].ShouldBe(["srv01"]);
        values["known_cdcs"].ShouldBe(["dc01.corp.example", "10.0.0.10"]);
    }

    [Fact]
    public void Parse_AnyNamesAndValues_ReadsBackWhatWasWritten()
    {
        var name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"], 1, 12];

        // C1 controls are left out: YAML reads U+0085 as a line break even inside quotes.
        var value = Gen.String[Gen.OneOf(Gen.Char[' ', '~'], Gen.Char['\u00A0', '\u024F']), 0, 20];
        var file = Gen.Dictionary(name, value.List[1, 5])[0, 8]
            .Where(d => d.Keys.Distinct(StringComparer.OrdinalIgnoreCase).Count() == d.Count);

        file.Sample(
            placeholders =>
            {
                var yaml = new StringBuilder();
                foreach (var (key, values) in placeholders)
                {
                    yaml.Append('\'').Append(key).Append("':\n");
                    foreach (var v in values)
                    {
                        yaml.Append("  - '").Append(v.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
                    }
                }

                var parsed = PlaceholderValues.Parse(yaml.ToString(), "p.yml");
                return parsed.Count == placeholders.Count && placeholders.All(p => parsed[p.Key].SequenceEqual(p.Value));
            },
            iter: 2_000);
    }

    [Fact]
    public void Parse_EmptyFile_GivesNoPlaceholders()
    {
        PlaceholderValues.Parse("# nothing yet\n", "p.yml").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("- admin\n- root", "p.yml: line 1, column 1: must be one YAML map of placeholder name to a list of values, e.g. 'Servers: [srv01, srv02]'")]
    [InlineData("Servers: []", "p.yml: line 1, column 10: placeholder 'Servers' has no values; list at least one, or remove it so rules using %Servers% are rejected")]
    [InlineData("Servers:", "placeholder 'Servers' has no values")]
    [InlineData("Servers: {a: b}", "placeholder 'Servers' must be a string or a list of strings")]
    [InlineData("Servers: [a, [b]]", "placeholder 'Servers' must be a string or a list of strings")]
    [InlineData("'%a%b%': [x]", "placeholder name '%a%b%' must be a plain name such as 'Servers' (or '%Servers%')")]
    [InlineData("Servers: [a]\nservers: [b]", "placeholder 'servers' is defined twice (names ignore case)")]
    [InlineData("Servers: [a\n", "p.yml: invalid YAML at line")]
    [InlineData("a: [x]\n---\nb: [y]\n", "must be one YAML map")]
    public void Parse_MalformedFile_ThrowsNamingFilePositionAndFix(string yaml, string message)
    {
        Should.Throw<PlaceholderFileException>(() => PlaceholderValues.Parse(yaml, "p.yml")).Message.ShouldContain(message);
    }

    [Fact]
    public void LoadFile_MissingFile_NamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "cyberagg-no-such-placeholders.yml");

        Should.Throw<PlaceholderFileException>(() => PlaceholderValues.LoadFile(path)).Message.ShouldStartWith($"{path}: cannot read placeholders file:");
    }

    [Fact]
    public void Build_ExpandWithConfiguredValues_MatchesEachValueAndNothingElse()
    {
        var options = new RuleLoadOptions { Placeholders = PlaceholderValues.Parse("Administrators: [admin, 'svc_*']", "p.yml") };

        var set = RuleSet.Parse(ExpandRule, "admin.yml", options);

        set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        var rule = set.DetectionRules.ShouldHaveSingleItem();
        rule.MatchesDetection(TestEvents.Of(("User", "admin"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("User", "svc_backup"))).ShouldBeTrue();
        rule.MatchesDetection(TestEvents.Of(("User", "guest"))).ShouldBeFalse();
    }

    [Fact]
    public void Build_ExpandWithoutConfiguredValues_IsRejectedNamingTheFix()
    {
        var diagnostic = RuleSet.Parse(ExpandRule, "admin.yml").Diagnostics.ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe(RuleErrorCodes.UnsupportedFeature);
        diagnostic.Message.ShouldContain("placeholder %Administrators% has no configured values; give it values in a placeholders file (--placeholders FILE");
    }

    [Fact]
    public void LoadDirectories_SigmaCorpusWithPlaceholderFile_LoadsTheRulesThatNeedIt()
    {
        var folder = Path.Combine(RepositoryPaths.SharedSigma, "rules-emerging-threats", "2026", "Exploits", "CVE-2026-54121");
        Directory.Exists(folder).ShouldBeTrue($"{folder} is part of the shared Sigma corpus");
        var options = new RuleLoadOptions { Placeholders = PlaceholderValues.Parse("known_cdcs: [dc01.corp.example, 10.0.0.10]", "p.yml") };

        var without = RuleSet.LoadDirectory(folder);
        var with = RuleSet.LoadDirectory(folder, options);

        without.Diagnostics.ShouldContain(d => d.Message.Contains("%known_cdcs%", StringComparison.Ordinal));
        with.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, with.Diagnostics));
        with.DetectionRules.Count.ShouldBe(without.DetectionRules.Count + 2);
    }
}
