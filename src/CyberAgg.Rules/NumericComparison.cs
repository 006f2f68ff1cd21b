namespace CyberAgg.Rules;

/// <summary>Numeric comparison operators shared by Sigma modifiers and correlation conditions.</summary>
public enum NumericComparison
{
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}
