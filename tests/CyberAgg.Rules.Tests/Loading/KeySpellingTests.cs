using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Loading;

public sealed class KeySpellingTests
{
    [Theory]
    [InlineData("group_by", "group-by")]
    [InlineData("GroupBy", "group-by")]
    [InlineData("timespam", "timespan")]
    [InlineData("tiemspan", "timespan")]
    [InlineData("aliasses", "aliases")]
    [InlineData("rule", "rules")]
    [InlineData("TYPE", "type")]
    public void Closest_Misspelling_ReturnsKnownKey(string key, string expected)
    {
        KeySpelling.Closest(key, RuleKeys.CorrelationSection).ShouldBe(expected);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("note")]
    [InlineData("state")]
    [InlineData("regression_tests_path")]
    [InlineData("simulation")]
    [InlineData("x")]
    [InlineData("")]
    public void Closest_CustomAttribute_ReturnsNull(string key)
    {
        KeySpelling.Closest(key, RuleKeys.DetectionTopLevel).ShouldBeNull();
    }
}
