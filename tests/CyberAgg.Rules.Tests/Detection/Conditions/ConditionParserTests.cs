using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Detection.Conditions;

public sealed class ConditionParserTests
{
    private const string Selections = """
        sel_a:
          A: '1'
        sel_b:
          B: '1'
        filter_c:
          C: '1'
        _private:
          D: '1'
        """;

    [Theory]
    [InlineData("sel_a and sel_b", "AB", true)]
    [InlineData("sel_a and sel_b", "A", false)]
    [InlineData("sel_a or sel_b", "B", true)]
    [InlineData("sel_a and not filter_c", "AC", false)]
    [InlineData("sel_a and not filter_c", "A", true)]
    [InlineData("not not sel_a", "A", true)]
    [InlineData("sel_a or sel_b and filter_c", "A", true)]
    [InlineData("(sel_a or sel_b) and filter_c", "A", false)]
    [InlineData("(sel_a or sel_b) and filter_c", "BC", true)]
    [InlineData("1 of sel_*", "B", true)]
    [InlineData("all of sel_*", "B", false)]
    [InlineData("all of sel_*", "AB", true)]
    [InlineData("any of sel_*", "A", true)]
    [InlineData("1 of them", "C", true)]
    [InlineData("1 of them", "D", false)]
    [InlineData("all of them", "ABC", true)]
    [InlineData("all of them", "AB", false)]
    [InlineData("2 of them", "AC", true)]
    [InlineData("2 of them", "A", false)]
    [InlineData("1 of sel_* and not 1 of filter_*", "AC", false)]
    [InlineData("sel_a AND NOT filter_c", "A", true)]
    [InlineData("((((sel_a))))", "A", true)]
    [InlineData("1 of _priv*", "D", true)]
    public void Parse_Condition_EvaluatesWithSigmaPrecedence(string condition, string present, bool expected)
    {
        var rule = TestRules.Detection($"{Selections}\ncondition: {condition}");
        var fields = present.Select(c => (c.ToString(), (string?)"1")).ToArray();

        rule.MatchesDetection(TestEvents.Of(fields)).ShouldBe(expected);
    }

    [Fact]
    public void Parse_ConditionList_IsOr()
    {
        var rule = TestRules.Detection($"{Selections}\ncondition:\n  - sel_a\n  - sel_b");

        rule.MatchesDetection(TestEvents.Of(("B", "1"))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("sel_a and missing", RuleErrorCodes.UnknownIdentifier, "missing")]
    [InlineData("1 of nothing_*", RuleErrorCodes.UnknownIdentifier, "nothing_*")]
    [InlineData("sel_a and", RuleErrorCodes.InvalidCondition, "ended early")]
    [InlineData("(sel_a", RuleErrorCodes.InvalidCondition, "missing ')'")]
    [InlineData("sel_a)", RuleErrorCodes.InvalidCondition, "unexpected ')'")]
    [InlineData("sel_a sel_b", RuleErrorCodes.InvalidCondition, "unexpected 'sel_b'")]
    [InlineData("sel_a | count() > 5", RuleErrorCodes.UnsupportedFeature, "correlation rule")]
    [InlineData("zero of sel_*", RuleErrorCodes.InvalidCondition, "zero of")]
    [InlineData("and sel_a", RuleErrorCodes.InvalidCondition, "unexpected 'and'")]
    public void Parse_InvalidCondition_RejectsWithReason(string condition, string code, string mentioned)
    {
        var diagnostic = TestRules.Rejected($"{Selections}\ncondition: '{condition}'");

        diagnostic.Code.ShouldBe(code);
        diagnostic.Message.ShouldContain(mentioned);
    }

    [Fact]
    public void Parse_HostileNesting_RejectsWithoutStackOverflow()
    {
        var condition = new string('(', 50_000) + "sel_a" + new string(')', 50_000);

        var diagnostic = TestRules.Rejected($"{Selections}\ncondition: '{condition}'");

        diagnostic.Code.ShouldBe(RuleErrorCodes.InputTooLarge);
    }

    [Fact]
    public void Parse_ManyNots_RejectsWithoutStackOverflow()
    {
        var condition = string.Concat(Enumerable.Repeat("not ", 20_000)) + "sel_a";

        TestRules.Rejected($"{Selections}\ncondition: '{condition}'").Code.ShouldBe(RuleErrorCodes.InputTooLarge);
    }
}
