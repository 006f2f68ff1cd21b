using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Value starts with a literal (Sigma <c>startswith</c> or <c>abc*</c>).</summary>
internal sealed class PrefixMatcher(string prefix, StringComparison comparison) : ValueMatcher
{
    public override bool Matches(string value) => value.StartsWith(prefix, comparison);

    public override FieldAnchor GetAnchor(string field) => new(field, AnchorKind.Prefix, prefix);
}
