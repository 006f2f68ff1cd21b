using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Value starts with a literal (Sigma <c>startswith</c> or <c>abc*</c>).</summary>
internal sealed class PrefixMatcher(string prefix, StringComparison comparison) : ValueMatcher
{
    public string Prefix { get; } = prefix;

    public StringComparison Comparison { get; } = comparison;

    public override int Cost => 2;

    public override bool Matches(string value) => value.StartsWith(Prefix, Comparison);

    public override FieldAnchor GetAnchor(string field) => new(field, AnchorKind.Prefix, Prefix);
}
