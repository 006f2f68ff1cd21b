namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Chooses the cheapest matcher that implements a Sigma string pattern.</summary>
internal static class PatternMatcherFactory
{
    public static ValueMatcher Create(SigmaPattern pattern, bool caseSensitive)
    {
        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var tokens = pattern.Tokens;
        switch (tokens.Count)
        {
            case 0:
                return new StringEqualsMatcher(string.Empty, comparison);
            case 1 when tokens[0].Kind == PatternTokenKind.Literal:
                return new StringEqualsMatcher(tokens[0].Text, comparison);
            case 1 when tokens[0].Kind == PatternTokenKind.AnyString:
                return AnyStringMatcher.Instance;
            case 2 when tokens[0].Kind == PatternTokenKind.AnyString && tokens[1].Kind == PatternTokenKind.Literal:
                return new SuffixMatcher(tokens[1].Text, comparison);
            case 2 when tokens[0].Kind == PatternTokenKind.Literal && tokens[1].Kind == PatternTokenKind.AnyString:
                return new PrefixMatcher(tokens[0].Text, comparison);
            case 3 when tokens[0].Kind == PatternTokenKind.AnyString
                && tokens[1].Kind == PatternTokenKind.Literal
                && tokens[2].Kind == PatternTokenKind.AnyString:
                return new ContainsMatcher(tokens[1].Text, comparison);
            default:
                return new GlobMatcher(pattern, comparison);
        }
    }
}
