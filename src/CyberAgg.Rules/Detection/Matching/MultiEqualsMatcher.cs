using System.Collections.Frozen;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>The value equals one of many literals: one hash lookup instead of a comparison each.</summary>
internal sealed class MultiEqualsMatcher(IEnumerable<string> values, StringComparison comparison) : ValueMatcher
{
    private readonly FrozenSet<string> _values = values.ToFrozenSet(
        comparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);

    public override int Cost => 2;

    public override bool Matches(string value) => _values.Contains(value);
}
