namespace CyberAgg.Rules.Correlation;

/// <summary>The <c>correlation</c> section of a rule as written, before references are resolved.</summary>
internal sealed record CorrelationDefinition(
    CorrelationType Type,
    IReadOnlyList<string> RuleReferences,
    IReadOnlyList<string> GroupBy,
    TimeSpan Timespan,
    IReadOnlyList<CorrelationThreshold> Condition,
    IReadOnlyList<string> ValueFields,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Aliases,
    bool Generate);
