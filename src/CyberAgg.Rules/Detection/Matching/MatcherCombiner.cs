namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Merges OR-ed literal matchers of one field into multi-value matchers.</summary>
/// <remarks>
/// Rules such as the emoji or antivirus-signature ones list hundreds of values; testing them one by
/// one dominated the per-event cost. Only the evaluation changes: index anchors still come from the
/// original matchers.
/// </remarks>
internal static class MatcherCombiner
{
    public static ValueMatcher[] Combine(ValueMatcher[] matchers)
    {
        var contains = matchers.OfType<ContainsMatcher>().GroupBy(m => m.Comparison).Where(g => g.Count() > 1).ToList();
        var equals = matchers.OfType<StringEqualsMatcher>().GroupBy(m => m.Comparison).Where(g => g.Count() > 1).ToList();
        if (contains.Count == 0 && equals.Count == 0)
        {
            return matchers;
        }

        var merged = new HashSet<ValueMatcher>(contains.SelectMany(g => g).Concat<ValueMatcher>(equals.SelectMany(g => g)));
        var result = new List<ValueMatcher>();
        result.AddRange(equals.Select(g => new MultiEqualsMatcher(g.Select(m => m.Expected), g.Key)));
        result.AddRange(matchers.Where(m => !merged.Contains(m)));
        result.AddRange(contains.Select(g => new MultiContainsMatcher(g.Select(m => m.Fragment), g.Key)));
        return [.. result];
    }
}
