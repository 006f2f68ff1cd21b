using System.Text.RegularExpressions;
using CsCheck;
using CyberAgg.Rules.Detection.Matching;

namespace CyberAgg.Rules.Tests.Detection.Matching;

public sealed class RegexLiteralTests
{
    // Pieces of patterns and texts that overlap, with quantifiers, groups, classes, escapes and the letters whose case
    // folding differs between the regular-expression engine and ordinal comparison (k and the Kelvin sign, s and ſ).
    private static readonly Gen<string> Pattern = Gen.OneOfConst(
        "abc", "ab", "x", "K", "s", "\\.", "\\$", "\\s+", "\\s*", ".*", ".+", "(?:ab|cd)", "(cd)?", "[a-c]", "[^x]", "+", "?",
        "*", "{2}", "{1,3}", "\\d", "\\w", "\\b", "^", "$", "(?=ab)", "(?<n>ab)", "|", "kit", "SYS").Array[1, 8]
        .Select(parts => string.Concat(parts));

    private static readonly Gen<string> Text = Gen.OneOfConst(
        "abc", "ab", "cd", "x", ".", "$", " ", "1", "kit", "KIT", "\u212Ait", "sys", "\u017Fys", "SYS", "aab").Array[0, 8]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Find_AnyPatternAndText_EveryMatchContainsTheLiteral()
    {
        Gen.Select(Pattern, Text, Gen.Bool, Gen.Bool).Sample((pattern, text, ignoreCase, inline) =>
        {
            var full = inline ? "(?i)" + pattern : pattern;
            Regex regex;
            try
            {
                regex = new Regex(full, (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant);
            }
            catch (ArgumentException)
            {
                return;
            }

            var literal = RegexLiteral.Find(full, ignoreCase, out var literalIgnoresCase);
            if (literal is not null && regex.IsMatch(text))
            {
                text.Contains(literal, literalIgnoresCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                    .ShouldBeTrue($"/{full}/ (ignore case {ignoreCase}) matches '{text}' without literal '{literal}'");
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData(@"ipconfig\s+/all", false, "ipconfig")]
    [InlineData(@"\$PSHome\[\s*\d{1,3}\s*\]\s*\+\s*\$PSHome\[", false, "$PSHome[")]
    [InlineData(@"cmd.{0,5}(?:/c|/r).+powershell.+(?:\$\{?input\}?|noexit).+\""", false, "powershell")]
    [InlineData(@"(?i)echo.*clip.*&&.*(?:Clipboard|i`?n`?v`?o`?k`?e`?)", true, "echo")]
    [InlineData(@"abcd?e", false, "abc")]
    public void Find_CorpusLikePattern_GivesItsLongestRequiredRun(string pattern, bool ignoresCase, string expected)
    {
        RegexLiteral.Find(pattern, ignoreCase: false, out var literalIgnoresCase).ShouldBe(expected);
        literalIgnoresCase.ShouldBe(ignoresCase);
    }

    [Theory]
    [InlineData("abc|def")]
    [InlineData("ab(?i)cdef")]
    [InlineData(@"\x41bcdef")]
    [InlineData("(?i)kernel32")]
    [InlineData("a{b}cdef")]
    public void Find_PatternItCannotReadSafely_GivesNoLiteral(string pattern)
    {
        RegexLiteral.Find(pattern, ignoreCase: false, out _).ShouldBeNull();
    }
}
