namespace CyberAgg.Rules.Detection;

/// <summary>A detection rule that matched an event; the input the correlation engine consumes.</summary>
public readonly record struct MatchedRule(DetectionRule Rule)
{
    public string RuleId => Rule.Id;
}
