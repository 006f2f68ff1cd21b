using System.Buffers;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Any of many literals occurs in the value, found in one vectorised multi-string search.</summary>
internal sealed class MultiContainsMatcher(IEnumerable<string> fragments, StringComparison comparison) : ValueMatcher
{
    private readonly SearchValues<string> _fragments = SearchValues.Create([.. fragments], comparison);

    public override int Cost => 6;

    public override bool Matches(string value) => value.AsSpan().ContainsAny(_fragments);
}
