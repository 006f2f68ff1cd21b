using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Whole-value equality.</summary>
internal sealed class StringEqualsMatcher(string expected, StringComparison comparison) : ValueMatcher
{
    public string Expected { get; } = expected;

    public StringComparison Comparison { get; } = comparison;

    public override int Cost => 1;

    public override bool Matches(string value) => string.Equals(value, Expected, Comparison);

    public override FieldAnchor GetAnchor(string field) => new(field, AnchorKind.Exact, Expected);
}
