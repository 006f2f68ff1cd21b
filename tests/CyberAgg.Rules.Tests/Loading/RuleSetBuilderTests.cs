using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Loading;

public sealed class RuleSetBuilderTests
{
    [Theory]
    [InlineData("title: x\ndetection: [unclosed", RuleErrorCodes.InvalidYaml)]
    [InlineData("title: x\n  bad: indentation\n detection: y", RuleErrorCodes.InvalidYaml)]
    [InlineData("just a string", RuleErrorCodes.InvalidStructure)]
    [InlineData("- a\n- b", RuleErrorCodes.InvalidStructure)]
    [InlineData("title: x\nid: 1\nid: 2\ndetection: {}", RuleErrorCodes.InvalidYaml)]
    [InlineData("title: x\nbase: &a [1]\nref: *a\ndetection: {}", RuleErrorCodes.InvalidYaml)]
    [InlineData("id: no-title\ndetection:\n  sel: {A: 1}\n  condition: sel", RuleErrorCodes.MissingField)]
    [InlineData("title: x\nid: y", RuleErrorCodes.MissingField)]
    [InlineData("title: x\nid: y\ndetection: 5", RuleErrorCodes.MissingField)]
    [InlineData("title: x\nid: y\ndetection:\n  sel: {A: 1}", RuleErrorCodes.MissingField)]
    [InlineData("title: x\nid: y\ndetection:\n  sel: {}\n  condition: sel", RuleErrorCodes.InvalidStructure)]
    [InlineData("title: x\nid: y\ndetection:\n  sel:\n    A: {nested: map}\n  condition: sel", RuleErrorCodes.InvalidStructure)]
    [InlineData("title: x\nid: y\nlogsource: windows\ndetection:\n  sel: {A: 1}\n  condition: sel", RuleErrorCodes.InvalidStructure)]
    [InlineData("title: x\nid: y\nfilter:\n  rules: [a]", RuleErrorCodes.UnsupportedFeature)]
    public void Build_MalformedRule_ReportsErrorNamingSourceAndReason(string yaml, string code)
    {
        var set = RuleSet.Parse(yaml, "partner/broken.yml");

        set.DetectionRules.ShouldBeEmpty();
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe(code, diagnostic.ToString());
        diagnostic.Severity.ShouldBe(RuleDiagnosticSeverity.Error);
        diagnostic.ToString().ShouldStartWith("partner/broken.yml:");
        set.FailedRuleCount.ShouldBe(1);
    }

    [Fact]
    public void Build_DeeplyNestedYaml_RejectsWithoutStackOverflow()
    {
        var yaml = "title: x\ndetection: " + new string('[', 100_000) + new string(']', 100_000);

        var diagnostic = RuleSet.Parse(yaml, "deep.yml").Diagnostics.ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe(RuleErrorCodes.InputTooLarge);
        diagnostic.Message.ShouldContain("nesting");
    }

    [Fact]
    public void Build_HugeInput_RejectsBeforeParsing()
    {
        var options = new RuleLoadOptions { MaxRuleFileChars = 1000 };
        var yaml = "title: x\ndescription: " + new string('a', 5000);

        var diagnostic = RuleSet.Parse(yaml, "huge.yml", options).Diagnostics.ShouldHaveSingleItem();

        diagnostic.Code.ShouldBe(RuleErrorCodes.InputTooLarge);
    }

    [Fact]
    public void Build_TooManyNodes_Rejects()
    {
        var options = new RuleLoadOptions { MaxYamlNodes = 100 };
        var yaml = "title: x\nlist: [" + string.Join(",", Enumerable.Range(0, 500)) + "]";

        RuleSet.Parse(yaml, "wide.yml", options).Diagnostics.ShouldHaveSingleItem().Code.ShouldBe(RuleErrorCodes.InputTooLarge);
    }

    [Fact]
    public void Build_OneBadRuleAmongGood_LoadsTheGoodOnes()
    {
        var yaml = TestRules.Yaml("sel:\n  A: 1\ncondition: sel", string.Empty)
            + "---\ntitle: broken\nid: 00000000-0000-4000-8000-000000000002\ndetection:\n  sel:\n    A|nope: 1\n  condition: sel\n";

        var set = RuleSet.Parse(yaml, "mixed.yml");

        set.DetectionRules.ShouldHaveSingleItem();
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.RuleId.ShouldBe("00000000-0000-4000-8000-000000000002");
        diagnostic.Title.ShouldBe("broken");
        set.AttemptedRuleCount.ShouldBe(2);
        set.FailedRuleCount.ShouldBe(1);
    }

    [Fact]
    public void Build_DuplicateId_RejectsTheSecond()
    {
        var rule = TestRules.Yaml("sel:\n  A: 1\ncondition: sel", string.Empty);

        var set = RuleSet.Parse(rule + "---\n" + rule, "dup.yml");

        set.DetectionRules.ShouldHaveSingleItem();
        set.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe(RuleErrorCodes.DuplicateId);
    }

    [Fact]
    public void Build_CatastrophicRegex_StillMatchesInLinearTime()
    {
        var rule = TestRules.Detection("sel:\n  A|re: '^(a+)+$'\ncondition: sel");

        rule.MatchesDetection(TestEvents.Of(("A", new string('a', 50_000) + "b"))).ShouldBeFalse();
        rule.RegexTimeouts.ShouldBe(0);
    }

    [Fact]
    public void Build_MissingDirectory_ReportsIoError()
    {
        var set = RuleSet.LoadDirectory("/nonexistent/rules");

        set.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe(RuleErrorCodes.IoError);
    }

    [Fact]
    public void Build_EmptyTrailingDocument_IsIgnored()
    {
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  A: 1\ncondition: sel", string.Empty) + "---\n", "t.yml");

        set.Diagnostics.ShouldBeEmpty();
        set.DetectionRules.ShouldHaveSingleItem();
    }
}
