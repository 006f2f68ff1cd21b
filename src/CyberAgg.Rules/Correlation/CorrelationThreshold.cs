namespace CyberAgg.Rules.Correlation;

/// <summary>One criterion of a correlation condition, such as <c>gte: 2</c>; several are ANDed.</summary>
public sealed record CorrelationThreshold(NumericComparison Comparison, double Value);
