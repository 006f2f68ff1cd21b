namespace CyberAgg.Simulation.Scenarios;

/// <summary>What a step's indicator is, and so which event field carries it and which cross-border rule should see it.</summary>
public enum IndicatorKind
{
    SourceIp,
    Domain,
    UrlDomain,
    FileSha256,
    Technique,
}
