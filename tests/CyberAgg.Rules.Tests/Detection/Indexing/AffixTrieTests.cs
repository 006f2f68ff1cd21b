using CsCheck;
using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Matching;

namespace CyberAgg.Rules.Tests.Detection.Indexing;

public sealed class AffixTrieTests
{
    // A small alphabet with case pairs, path characters and non-ASCII letters, so literals overlap and recur.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["abAB\\.-äÄ "], 0, 40];
    private static readonly Gen<string> Literal = Gen.String[Gen.Char["abAB\\.-äÄ "], 0, 6];

    [Fact]
    public void Collect_AnyLiteralsAndText_FindsExactlyTheLiteralsTheTextStartsOrEndsWithIgnoringCase()
    {
        Gen.Select(Literal.List[1, 12], Text, Gen.Bool).Sample((literals, text, fromEnd) =>
        {
            var trie = new AffixTrie(literals.Select((l, i) => (l, i)), fromEnd);
            var scratch = new MatchScratch(trie, literals.Count, 0);
            scratch.Begin();
            trie.Collect(text, scratch);

            var expected = literals.Select((l, i) => (l, i))
                .Where(p => fromEnd ? text.EndsWith(p.l, StringComparison.OrdinalIgnoreCase) : text.StartsWith(p.l, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.i).Order();
            scratch.Candidates.Order().ShouldBe(expected, $"literals [{string.Join("|", literals)}] in '{text}', from end {fromEnd}");
        });
    }

    [Fact]
    public void Collect_LiteralLongerThanTheCut_StillFindsIt()
    {
        var literal = "head" + new string('x', AffixTrie.MaxDepth + 10);
        var trie = new AffixTrie([(literal, 0)], fromEnd: false);
        var scratch = new MatchScratch(trie, 1, 0);
        scratch.Begin();

        trie.Collect(literal.ToUpperInvariant() + " tail", scratch);

        scratch.Candidates.ShouldBe([0]);
    }

    [Fact]
    public void Matches_MultiAffixMatcher_AgreesWithOneComparisonPerLiteral()
    {
        Gen.Select(Literal.List[1, 12], Text, Gen.Bool, Gen.Bool).Sample((literals, text, suffix, cased) =>
        {
            var comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            var matcher = new MultiAffixMatcher(literals, comparison, suffix);

            var expected = literals.Exists(l => suffix ? text.EndsWith(l, comparison) : text.StartsWith(l, comparison));
            matcher.Matches(text).ShouldBe(expected, $"literals [{string.Join("|", literals)}] in '{text}', suffix {suffix}, {comparison}");
        });
    }
}
