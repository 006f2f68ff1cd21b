using CsCheck;
using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Tests.Detection.Indexing;

public sealed class ContainsIndexTests
{
    // A small alphabet with case pairs, path characters and non-ASCII letters, so needles overlap and recur.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abAB\\.-äÄ "], 0, 40];
    private static readonly Gen<string> Needle = Gen.String[Gen.Char["abAB\\.-äÄ "], 1, 6];

    [Fact]
    public void Collect_AnyNeedlesAndText_FindsExactlyTheRulesWhoseNeedleOccursIgnoringCase()
    {
        Gen.Select(Needle.List[1, 12], Text, Gen.Bool).Sample((needles, text, dense) =>
        {
            var index = new ContainsIndex(needles.Select((n, i) => (n, i)), dense);
            var scratch = new MatchScratch(index, needles.Count, 0);
            scratch.Begin();
            index.Collect(text, scratch);

            var expected = needles.Select((n, i) => (n, i)).Where(p => text.Contains(p.n, StringComparison.OrdinalIgnoreCase)).Select(p => p.i).Order();
            scratch.Candidates.Order().ShouldBe(expected, $"needles [{string.Join("|", needles)}] in '{text}', dense {dense}");
        });
    }

    [Fact]
    public void Collect_NeedleLongerThanTheCut_StillFindsItsRule()
    {
        var needle = new string('x', ContainsIndex.MaxNeedleLength + 10) + "tail";
        var index = new ContainsIndex([(needle, 0)]);
        var scratch = new MatchScratch(index, 1, 0);
        scratch.Begin();

        index.Collect("prefix " + needle.ToUpperInvariant() + " suffix", scratch);

        scratch.Candidates.ShouldBe([0]);
    }

    [Fact]
    public void Collect_TextWithoutAnyNeedle_FindsNothing()
    {
        var index = new ContainsIndex([("whoami", 0), ("-enc", 1), ("\\temp\\", 2)]);
        var scratch = new MatchScratch(index, 3, 0);
        scratch.Begin();

        index.Collect(@"C:\Program Files\App\app.exe --update", scratch);

        scratch.Candidates.ShouldBeEmpty();
    }

    [Fact]
    public void Collect_CaselessEmojiNeedle_FindsItsRule()
    {
        var index = new ContainsIndex([("\U0001F600", 0), ("x\U0001F4A9y", 1)]);
        var scratch = new MatchScratch(index, 2, 0);
        scratch.Begin();

        index.Collect("cmd /c echo \U0001F600 X\U0001F4A9Y", scratch);

        scratch.Candidates.Order().ShouldBe([0, 1]);
    }

    [Theory]
    [InlineData("plain", true)]
    [InlineData("\U0001F600 emoji", true)]
    [InlineData("\U00010400 Deseret capital letter", false)]
    public void CanFold_Literal_OnlyWhenFoldingMergesWhatIgnoreCaseMerges(string literal, bool expected)
    {
        ContainsIndex.CanFold(literal).ShouldBe(expected);
    }

    [Fact]
    public void CanFold_LoneSurrogate_IsFalse()
    {
        // Built at run time: an attribute argument would store the lone surrogate as U+FFFD.
        ContainsIndex.CanFold("lone " + '\uD83D' + " surrogate").ShouldBeFalse();
    }
}
