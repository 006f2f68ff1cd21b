namespace CyberAgg.Rules.Detection.Matching;

/// <summary>One piece of a Sigma string: literal text, <c>*</c> or <c>?</c>.</summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text)
{
    public static PatternToken Star { get; } = new(PatternTokenKind.AnyString, "*");

    public static PatternToken Question { get; } = new(PatternTokenKind.AnyChar, "?");
}
