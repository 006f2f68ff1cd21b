namespace CyberAgg.Rules.Loading;

/// <summary>How serious a rule diagnostic is: errors mean the rule was not loaded.</summary>
public enum RuleDiagnosticSeverity
{
    Warning,
    Error,
}
