using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Value contains a literal (Sigma <c>contains</c> or <c>*abc*</c>).</summary>
internal sealed class ContainsMatcher(string fragment, StringComparison comparison) : ValueMatcher
{
    private readonly IgnoreCaseFinder? _finder = comparison == StringComparison.OrdinalIgnoreCase ? IgnoreCaseFinder.TryCreate(fragment) : null;

    public string Fragment { get; } = fragment;

    public StringComparison Comparison { get; } = comparison;

    public override int Cost => 4;

    public override bool Matches(string value) => _finder is { } finder ? finder.IndexOf(value) >= 0 : value.Contains(Fragment, Comparison);

    /// <summary>The literal itself, found by the field's contains index; a literal the index cannot fold stays a presence anchor.</summary>
    public override FieldAnchor GetAnchor(string field) => FieldAnchor.ContainsLiteral(field, Fragment) ?? FieldAnchor.Present(field);
}
