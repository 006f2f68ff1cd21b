using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>The value starts (or ends) with one of many literals: one walk of a trie instead of a comparison each.</summary>
/// <remarks>The trie only proposes literals; each is confirmed with the literal's own comparison, so results are exact.</remarks>
internal sealed class MultiAffixMatcher : ValueMatcher
{
    private readonly string[] _literals;
    private readonly StringComparison _comparison;
    private readonly bool _suffix;
    private readonly AffixTrie _trie;

    public MultiAffixMatcher(IEnumerable<string> literals, StringComparison comparison, bool suffix)
    {
        _literals = [.. literals];
        _comparison = comparison;
        _suffix = suffix;
        _trie = new AffixTrie(_literals.Select((l, i) => (l, i)), suffix);
    }

    public override int Cost => 3;

    public override bool Matches(string value) => _trie.Any(value, (this, value), static (state, i) => state.Item1.Confirms(state.Item2, i));

    private bool Confirms(string value, int literal) =>
        _suffix ? value.EndsWith(_literals[literal], _comparison) : value.StartsWith(_literals[literal], _comparison);
}
