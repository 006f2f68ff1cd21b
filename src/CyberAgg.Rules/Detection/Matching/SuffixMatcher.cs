using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Value ends with a literal (Sigma <c>endswith</c> or <c>*abc</c>).</summary>
internal sealed class SuffixMatcher(string suffix, StringComparison comparison) : ValueMatcher
{
    public string Suffix { get; } = suffix;

    public StringComparison Comparison { get; } = comparison;

    public override int Cost => 2;

    public override bool Matches(string value) => value.EndsWith(Suffix, Comparison);

    public override FieldAnchor GetAnchor(string field) => new(field, AnchorKind.Suffix, Suffix);
}
