namespace CyberAgg.Rules.Detection.Matching;

/// <summary>The pattern <c>*</c>: any non-null value.</summary>
internal sealed class AnyStringMatcher : ValueMatcher
{
    public static AnyStringMatcher Instance { get; } = new();

    public override int Cost => 0;

    public override bool Matches(string value) => true;
}
