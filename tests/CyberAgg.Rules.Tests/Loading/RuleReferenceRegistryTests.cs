using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Loading;

/// <summary>Duplicate ids and names in one rule set are errors that name both files.</summary>
public sealed class RuleReferenceRegistryTests
{
    [Fact]
    public void Build_SameIdInTwoFiles_RejectsTheSecondNamingBothFiles()
    {
        var set = new RuleSetBuilder()
            .AddYaml(Rule("First", "00000000-0000-4000-8000-000000000001", name: null), "partners/ee/a.yml")
            .AddYaml(Rule("Second", "00000000-0000-4000-8000-000000000001", name: null), "partners/lv/b.yml")
            .Build();

        set.DetectionRules.ShouldHaveSingleItem().Title.ShouldBe("First");
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe(RuleErrorCodes.DuplicateId);
        diagnostic.ToString().ShouldStartWith(
            "partners/lv/b.yml: rule 00000000-0000-4000-8000-000000000001 'Second': error duplicate-id: id '00000000-0000-4000-8000-000000000001' is already used by rule 'First' in partners/ee/a.yml; ids and names must be unique in a rule set");
        set.FailedRuleCount.ShouldBe(1);
    }

    [Fact]
    public void Build_SameNameInTwoFiles_RejectsTheSecondNamingBothFiles()
    {
        var set = new RuleSetBuilder()
            .AddYaml(Rule("First", "00000000-0000-4000-8000-000000000001", "failed_login"), "a.yml")
            .AddYaml(Rule("Second", "00000000-0000-4000-8000-000000000002", "failed_login"), "b.yml")
            .Build();

        set.DetectionRules.ShouldHaveSingleItem().Title.ShouldBe("First");
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe(RuleErrorCodes.DuplicateName);
        diagnostic.Source.ShouldBe("b.yml");
        diagnostic.Message.ShouldStartWith("name 'failed_login' is already used by rule 'First' in a.yml;");
    }

    [Fact]
    public void Build_NameEqualToAnotherRulesId_IsAmbiguousAndRejected()
    {
        var set = new RuleSetBuilder()
            .AddYaml(Rule("First", "failed_login", name: null), "a.yml")
            .AddYaml(Rule("Second", "00000000-0000-4000-8000-000000000002", "failed_login"), "b.yml")
            .Build();

        set.Diagnostics.ShouldHaveSingleItem().Message.ShouldStartWith("name 'failed_login' is already the id of rule 'First' in a.yml;");
    }

    [Fact]
    public void Build_DuplicateWithinOneFile_NamesTheDocument()
    {
        var yaml = Rule("First", "00000000-0000-4000-8000-000000000001", "x_rule") + "---\n" + Rule("Second", "00000000-0000-4000-8000-000000000002", "x_rule");

        var diagnostic = RuleSet.Parse(yaml, "pair.yml").Diagnostics.ShouldHaveSingleItem();

        diagnostic.Message.ShouldStartWith("name 'x_rule' is already used by rule 'First' in pair.yml (document 1);");
    }

    [Fact]
    public void Build_CorrelationNamedLikeADetection_IsRejected()
    {
        var yaml = Rule("Base", "00000000-0000-4000-8000-000000000001", "brute_force")
            + "---\ntitle: Correlation\nid: 00000000-0000-4000-8000-0000000000ff\nname: brute_force\ncorrelation:\n  type: event_count\n  rules: [brute_force]\n  group-by: [Host]\n  timespan: 5m\n  condition: {gte: 2}\n";

        var set = RuleSet.Parse(yaml, "mr.yml");

        set.CorrelationRules.ShouldBeEmpty();
        set.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe(RuleErrorCodes.DuplicateName);
    }

    [Fact]
    public void Build_DistinctIdsAndNames_LoadWithoutDiagnostics()
    {
        var set = new RuleSetBuilder()
            .AddYaml(Rule("First", "00000000-0000-4000-8000-000000000001", "rule_one"), "a.yml")
            .AddYaml(Rule("Second", "00000000-0000-4000-8000-000000000002", "rule_two"), "b.yml")
            .Build();

        set.Diagnostics.ShouldBeEmpty();
        set.DetectionRules.Count.ShouldBe(2);
    }

    private static string Rule(string title, string id, string? name) =>
        $"title: {title}\nid: {id}\n{(name is null ? string.Empty : $"name: {name}\n")}logsource:\n  product: test\ndetection:\n  sel:\n    A: 1\n  condition: sel\n";
}
