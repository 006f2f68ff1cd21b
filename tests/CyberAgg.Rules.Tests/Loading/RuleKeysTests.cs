using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Loading;

/// <summary>Unknown keys: strict inside <c>correlation:</c>, typo-catching at the top level, custom attributes kept.</summary>
public sealed class RuleKeysTests
{
    private const string BaseRule = """
        title: Base
        id: 00000000-0000-4000-8000-00000000000a
        name: base_rule
        logsource:
          product: test
        detection:
          sel:
            A: 1
          condition: sel
        ---

        """;

    private const string Detection = "logsource:\n  product: test\ndetection:\n  sel:\n    A: 1\n  condition: sel\n";

    [Theory]
    [InlineData("group_by: [Host]", "unknown key 'group_by' in 'correlation' (did you mean 'group-by'?); known keys: type, rules, group-by, timespan, condition, aliases, generate")]
    [InlineData("groupby: [Host]", "unknown key 'groupby' in 'correlation' (did you mean 'group-by'?)")]
    [InlineData("timespan_: 5m", "unknown key 'timespan_' in 'correlation' (did you mean 'timespan'?)")]
    [InlineData("alias:\n    ip:\n      base_rule: A", "unknown key 'alias' in 'correlation' (did you mean 'aliases'?)")]
    [InlineData("window: 5m", "unknown key 'window' in 'correlation'; known keys: type, rules, group-by, timespan, condition, aliases, generate")]
    public void Build_UnknownCorrelationKey_IsErrorNamingKeyAndKnownKeys(string extra, string message)
    {
        var set = RuleSet.Parse(BaseRule + Correlation("  " + extra + "\n"), "mr_test.yml");

        set.CorrelationRules.ShouldBeEmpty();
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe(RuleErrorCodes.UnknownKey);
        diagnostic.Message.ShouldStartWith(message);
        diagnostic.ToString().ShouldStartWith("mr_test.yml: rule 00000000-0000-4000-8000-0000000000ff 'Correlation':");
    }

    [Fact]
    public void Build_GroupByTypo_DoesNotSilentlyCorrelateEverythingInOneGroup()
    {
        var yaml = BaseRule + """
            title: Typo
            id: 00000000-0000-4000-8000-0000000000ff
            correlation:
              type: event_count
              rules: [base_rule]
              group_by: [Host]
              timespan: 5m
              condition: {gte: 2}
            """;

        var set = RuleSet.Parse(yaml, "mr_typo.yml");

        set.HasErrors.ShouldBeTrue();
        set.CorrelationRules.ShouldBeEmpty();
        set.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("'group_by'");
    }

    [Theory]
    [InlineData("condition: {gtee: 2}", "unknown key 'gtee' in 'correlation.condition'; known keys: gt, gte, lt, lte, eq, neq, field")]
    [InlineData("condition: {count: 2}", "unknown key 'count' in 'correlation.condition'; known keys: gt, gte, lt, lte, eq, neq, field")]
    [InlineData("condition: {gte: 2, field: User}", "'field' in the condition has no meaning for correlation type event_count; remove it, or use type value_count")]
    public void Build_BadCorrelationCondition_IsErrorNamingTheFix(string condition, string message)
    {
        var yaml = BaseRule + $"title: Correlation\nid: 00000000-0000-4000-8000-0000000000ff\ncorrelation:\n  type: event_count\n  rules: [base_rule]\n  group-by: [Host]\n  timespan: 5m\n  {condition}\n";

        var diagnostic = RuleSet.Parse(yaml, "mr_test.yml").Diagnostics.ShouldHaveSingleItem();

        diagnostic.Message.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("Level: high", "unknown top-level key 'Level': did you mean 'level'?")]
    [InlineData("falsepositive: [none]", "unknown top-level key 'falsepositive': did you mean 'falsepositives'?")]
    [InlineData("false_positives: [none]", "unknown top-level key 'false_positives': did you mean 'falsepositives'?")]
    [InlineData("refrences: [https://example.org]", "unknown top-level key 'refrences': did you mean 'references'?")]
    [InlineData("tag: [attack.t1110]", "unknown top-level key 'tag': did you mean 'tags'?")]
    [InlineData("statsu: test", "unknown top-level key 'statsu': did you mean 'status'?")]
    [InlineData("condition: sel", "top-level key 'condition' belongs inside 'detection:'")]
    [InlineData("product: windows", "top-level key 'product' belongs inside 'logsource:'")]
    public void Build_MisspeltTopLevelKeyInDetectionRule_IsError(string extra, string message)
    {
        var yaml = $"title: Test\nid: 00000000-0000-4000-8000-000000000001\n{extra}\n{Detection}";

        var set = RuleSet.Parse(yaml, "typo.yml");

        set.DetectionRules.ShouldBeEmpty();
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe(RuleErrorCodes.UnknownKey);
        diagnostic.Message.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("Title: Test", "rule has no title: did you mean 'title' instead of 'Title'? Sigma keys are lowercase")]
    [InlineData("titel: Test", "rule has no title: did you mean 'title' instead of 'titel'?")]
    public void Build_MisspeltTitle_SaysWhichKeyWasMeant(string titleLine, string message)
    {
        var yaml = $"{titleLine}\nid: 00000000-0000-4000-8000-000000000001\n{Detection}";

        var diagnostic = RuleSet.Parse(yaml, "typo.yml").Diagnostics.ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe(RuleErrorCodes.UnknownKey);
        diagnostic.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("group-by: [Host]", "top-level key 'group-by' belongs inside 'correlation:' (as 'group-by'); indent it under correlation")]
    [InlineData("timespan: 5m", "top-level key 'timespan' belongs inside 'correlation:'")]
    [InlineData("lvl: high\nLevel: high", "unknown top-level key 'Level': did you mean 'level'?")]
    [InlineData("detection:\n  sel: {A: 1}\n  condition: sel", "a correlation document cannot also have 'detection'")]
    public void Build_MisplacedOrMisspeltTopLevelKeyInCorrelationRule_IsError(string extra, string message)
    {
        var yaml = BaseRule + Correlation(string.Empty) + extra + "\n";

        var diagnostic = RuleSet.Parse(yaml, "mr_test.yml").Diagnostics.ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe(RuleErrorCodes.UnknownKey);
        diagnostic.Message.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("regression_tests_path: regression_data/rules/x/info.yml")]
    [InlineData("simulation:\n  - type: atomic-red-team\n    name: x")]
    [InlineData("data: anything")]
    [InlineData("note: reviewed by the EE CERT")]
    [InlineData("x-partner-ticket: 4711")]
    public void Build_CustomTopLevelAttribute_IsAllowed(string extra)
    {
        var yaml = $"title: Test\nid: 00000000-0000-4000-8000-000000000001\n{extra}\n{Detection}";

        var set = RuleSet.Parse(yaml, "custom.yml");

        set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        set.DetectionRules.ShouldHaveSingleItem();
    }

    [Fact]
    public void Build_EveryKeyTheSpecificationDefines_Loads()
    {
        var yaml = BaseRule + """
            title: Correlation
            id: 00000000-0000-4000-8000-0000000000ff
            name: full_correlation
            related:
              - id: 00000000-0000-4000-8000-0000000000fe
                type: derived
            taxonomy: sigma
            status: test
            description: every key
            license: DRL-1.1
            author: CyberAgg
            references: [https://example.org]
            date: 2026-11-30
            modified: 2026-12-01
            falsepositives: [none]
            level: high
            tags: [attack.t1110]
            generate: false
            correlation:
              type: value_count
              rules: [base_rule]
              aliases:
                host:
                  base_rule: Host
              group-by: [host]
              timespan: 1h
              condition:
                field: User
                gte: 2
            """;

        var set = RuleSet.Parse(yaml, "mr_full.yml");

        set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        set.CorrelationRules.ShouldHaveSingleItem();
    }

    private static string Correlation(string extra) =>
        "title: Correlation\nid: 00000000-0000-4000-8000-0000000000ff\ncorrelation:\n  type: event_count\n  rules: [base_rule]\n  group-by: [Host]\n  timespan: 5m\n  condition: {gte: 2}\n" + extra;
}
