namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Merges OR-ed literal matchers of one field into multi-value matchers.</summary>
/// <remarks>
/// Rules such as the emoji, antivirus-signature or dead-drop-domain ones list dozens to hundreds of values; testing
/// them one by one dominated the per-event cost. Only the evaluation changes: index anchors still come from the
/// original matchers.
/// </remarks>
internal static class MatcherCombiner
{
    // Below this many, separate comparisons are as cheap as one trie walk.
    private const int MinAffixes = 3;

    public static ValueMatcher[] Combine(ValueMatcher[] matchers)
    {
        var contains = matchers.OfType<ContainsMatcher>().GroupBy(m => m.Comparison).Where(g => g.Count() > 1).ToList();
        var equals = matchers.OfType<StringEqualsMatcher>().GroupBy(m => m.Comparison).Where(g => g.Count() > 1).ToList();
        var prefixes = matchers.OfType<PrefixMatcher>().Where(m => Indexing.AffixTrie.CanHold(m.Prefix)).GroupBy(m => m.Comparison).Where(g => g.Count() >= MinAffixes).ToList();
        var suffixes = matchers.OfType<SuffixMatcher>().Where(m => Indexing.AffixTrie.CanHold(m.Suffix)).GroupBy(m => m.Comparison).Where(g => g.Count() >= MinAffixes).ToList();
        if (contains.Count == 0 && equals.Count == 0 && prefixes.Count == 0 && suffixes.Count == 0)
        {
            return matchers;
        }

        var merged = new HashSet<ValueMatcher>(contains.SelectMany(g => g).Concat<ValueMatcher>(equals.SelectMany(g => g))
            .Concat(prefixes.SelectMany(g => g)).Concat(suffixes.SelectMany(g => g)));
        var result = new List<ValueMatcher>();
        result.AddRange(equals.Select(g => new MultiEqualsMatcher(g.Select(m => m.Expected), g.Key)));
        result.AddRange(prefixes.Select(g => new MultiAffixMatcher(g.Select(m => m.Prefix), g.Key, suffix: false)));
        result.AddRange(suffixes.Select(g => new MultiAffixMatcher(g.Select(m => m.Suffix), g.Key, suffix: true)));
        result.AddRange(matchers.Where(m => !merged.Contains(m)));
        result.AddRange(contains.Select(g => new MultiContainsMatcher(g.Select(m => m.Fragment), g.Key)));
        return [.. result];
    }
}
