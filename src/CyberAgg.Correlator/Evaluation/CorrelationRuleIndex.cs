using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Correlator.Evaluation;

/// <summary>Correlation rules by id, for restoring state from stored alerts.</summary>
internal sealed class CorrelationRuleIndex(RuleSet rules)
{
    private readonly Dictionary<string, CorrelationRule> byId = rules.CorrelationRules.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>The longest window of any correlation rule: how far back a restore must look.</summary>
    public TimeSpan LongestWindow { get; } = rules.CorrelationRules.Count == 0 ? TimeSpan.Zero : rules.CorrelationRules.Max(r => r.Timespan);

    public bool TryGet(string id, out CorrelationRule rule) => byId.TryGetValue(id, out rule!);
}
