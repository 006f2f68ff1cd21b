using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Whole-value equality.</summary>
internal sealed class StringEqualsMatcher(string expected, StringComparison comparison) : ValueMatcher
{
    public override bool Matches(string value) => string.Equals(value, expected, comparison);

    public override FieldAnchor GetAnchor(string field) => new(field, AnchorKind.Exact, expected);
}
