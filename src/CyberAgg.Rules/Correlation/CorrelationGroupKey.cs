namespace CyberAgg.Rules.Correlation;

/// <summary>A correlation rule and the group key an event falls under, for routing state by key.</summary>
public readonly record struct CorrelationGroupKey(CorrelationRule Rule, string Key);
