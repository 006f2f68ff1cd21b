namespace CyberAgg.Simulation.Scoring;

/// <summary>How one attack step fared: detected by which rule, and how fast.</summary>
public sealed record StepScore(
    int Index,
    string Name,
    string Indicator,
    IReadOnlyList<string> Countries,
    TimeSpan? DetectableAt,
    bool Detected,
    string? RuleTitle,
    TimeSpan? TimeToDetect,
    TimeSpan? TimeToPartnerAlert,
    TimeSpan? AlertScenarioTime);
