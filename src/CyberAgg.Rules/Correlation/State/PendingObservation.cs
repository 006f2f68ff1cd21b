namespace CyberAgg.Rules.Correlation.State;

/// <summary>An observation waiting to be applied while one event is processed.</summary>
internal readonly record struct PendingObservation(RuleState State, CorrelationInput Input, string Key, string[]? GroupValues, ulong Mask);
