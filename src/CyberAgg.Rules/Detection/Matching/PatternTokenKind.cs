namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Kinds of <see cref="PatternToken"/>.</summary>
internal enum PatternTokenKind
{
    Literal,
    AnyString,
    AnyChar,
}
