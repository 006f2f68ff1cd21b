namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Evaluation of <see cref="NumericComparison"/>.</summary>
internal static class NumericComparisonExtensions
{
    public static bool Holds(this NumericComparison comparison, double actual, double threshold) => comparison switch
    {
        NumericComparison.Equal => actual == threshold,
        NumericComparison.NotEqual => actual != threshold,
        NumericComparison.GreaterThan => actual > threshold,
        NumericComparison.GreaterThanOrEqual => actual >= threshold,
        NumericComparison.LessThan => actual < threshold,
        NumericComparison.LessThanOrEqual => actual <= threshold,
        _ => false,
    };

    public static string ToSigma(this NumericComparison comparison) => comparison switch
    {
        NumericComparison.Equal => "eq",
        NumericComparison.NotEqual => "neq",
        NumericComparison.GreaterThan => "gt",
        NumericComparison.GreaterThanOrEqual => "gte",
        NumericComparison.LessThan => "lt",
        _ => "lte",
    };
}
