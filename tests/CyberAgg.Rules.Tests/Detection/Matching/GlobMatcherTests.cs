using CyberAgg.Rules.Detection.Matching;

namespace CyberAgg.Rules.Tests.Detection.Matching;

public sealed class GlobMatcherTests
{
    [Theory]
    [InlineData("prog?.exe", "progA.exe", true)]
    [InlineData("prog?.exe", "prog.exe", false)]
    [InlineData("prog?.exe", "progAB.exe", false)]
    [InlineData("antivirus_V*.exe", "antivirus_V21.2.1.exe", true)]
    [InlineData("antivirus_V*.exe", "antivirus_V.exe", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXcYb", false)]
    [InlineData("*a?c*", "zzabczz", true)]
    [InlineData("*a?c*", "zzaczz", false)]
    [InlineData("???", "abc", true)]
    [InlineData("???", "abcd", false)]
    [InlineData("*", "", true)]
    [InlineData("a*a", "a", false)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("ab*ba", "abba", true)]
    [InlineData("*.EXE", "cmd.exe", true)]
    public void Matches_WildcardPattern_FollowsSigmaSemantics(string pattern, string value, bool expected)
    {
        var matcher = PatternMatcherFactory.Create(SigmaPattern.Parse(pattern), caseSensitive: false);

        matcher.Matches(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData(@"a\*b", "a*b", true)]
    [InlineData(@"a\*b", "axxb", false)]
    [InlineData(@"a\?b", "a?b", true)]
    [InlineData(@"a\?b", "axb", false)]
    [InlineData(@"C:\Windows\System32", @"C:\Windows\System32", true)]
    [InlineData(@"C:\\Windows", @"C:\Windows", true)]
    [InlineData(@"dir\\*", @"dir\anything", true)]
    [InlineData(@"dir\\\*", @"dir\*", true)]
    [InlineData(@"dir\\\*", @"dir\x", false)]
    [InlineData(@"a\\\\b", @"a\\b", true)]
    [InlineData(@"trailing\", @"trailing\", true)]
    public void Matches_EscapedPattern_TreatsEscapesAsLiterals(string pattern, string value, bool expected)
    {
        var matcher = PatternMatcherFactory.Create(SigmaPattern.Parse(pattern), caseSensitive: false);

        matcher.Matches(value).ShouldBe(expected);
    }

    [Fact]
    public void Matches_CaseSensitive_RespectsCase()
    {
        var matcher = new GlobMatcher(SigmaPattern.Parse("Ab?D*"), StringComparison.Ordinal);

        matcher.Matches("AbcDe").ShouldBeTrue();
        matcher.Matches("abcde").ShouldBeFalse();
    }

    [Fact]
    public void ExpandWindash_FlagDash_ProducesEveryDashVariant()
    {
        var variants = SigmaPattern.Parse(" -enc ").ExpandWindash(100).Select(p => p.ToString()).ToList();

        variants.ShouldBe([" -enc ", " /enc ", " \u2013enc ", " \u2014enc ", " \u2015enc "]);
    }

    [Fact]
    public void ExpandWindash_DashInsideWord_LeavesItAlone()
    {
        SigmaPattern.Parse("x-ray").ExpandWindash(100).ShouldHaveSingleItem().ToString().ShouldBe("x-ray");
    }
}
