namespace CyberAgg.Rules.Loading;

/// <summary>One problem found while loading a rule, naming the file, the rule and the reason.</summary>
/// <param name="Source">File path or caller-supplied source name.</param>
/// <param name="RuleId">The rule's <c>id</c> (or <c>name</c>) when it could be read.</param>
/// <param name="Title">The rule's title when it could be read.</param>
/// <param name="Severity">Errors mean the rule was rejected.</param>
/// <param name="Code">A stable reason code from <see cref="RuleErrorCodes"/>.</param>
/// <param name="Message">What is wrong, for a rule author.</param>
public sealed record RuleDiagnostic(
    string Source,
    string? RuleId,
    string? Title,
    RuleDiagnosticSeverity Severity,
    string Code,
    string Message)
{
    public override string ToString()
    {
        var rule = RuleId is null ? string.Empty : $" rule {RuleId}";
        var title = Title is null ? string.Empty : $" '{Title}'";
        return $"{Source}:{rule}{title}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
    }
}
