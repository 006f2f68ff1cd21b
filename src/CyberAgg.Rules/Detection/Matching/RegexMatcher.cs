using System.Text.RegularExpressions;
using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Sigma <c>re</c>: an unanchored search, case-sensitive unless the <c>i</c> sub-modifier is set.</summary>
/// <remarks>
/// Prefers the non-backtracking engine, whose cost is linear in the input, so a hostile rule cannot
/// stall the pipeline. Patterns it cannot run (lookarounds, backreferences) fall back to the
/// backtracking engine with a match timeout; a timeout counts as no match and is counted on the rule. A literal
/// every match contains (<see cref="RegexLiteral"/>) is looked for first, and is the rule's index anchor.
/// </remarks>
internal sealed class RegexMatcher : ValueMatcher
{
    private readonly Regex _regex;
    private readonly RuleCounters _counters;
    private readonly string? _literal;
    private readonly IgnoreCaseFinder? _literalIgnoringCase;

    public RegexMatcher(string pattern, RegexOptions flags, TimeSpan timeout, RuleCounters counters)
    {
        _counters = counters;
        _literal = RegexLiteral.Find(pattern, flags.HasFlag(RegexOptions.IgnoreCase), out var literalIgnoresCase);
        if (_literal is not null && literalIgnoresCase && (_literalIgnoringCase = IgnoreCaseFinder.TryCreate(_literal)) is null)
        {
            _literal = null;
        }
        var options = flags | RegexOptions.CultureInvariant;
        try
        {
            _regex = CreateLinear(pattern, options) ?? new Regex(pattern, options, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidRegex, $"invalid regular expression '{pattern}': {ex.Message}");
        }
    }

    public override int Cost => 16;

    public override bool Matches(string value)
    {
        if (_literal is not null && (_literalIgnoringCase?.IndexOf(value) ?? value.IndexOf(_literal, StringComparison.Ordinal)) < 0)
        {
            return false;
        }

        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            _counters.CountRegexTimeout();
            return false;
        }
    }

    /// <summary>The pattern's literal, found by the field's contains index; without one, the field's presence.</summary>
    public override FieldAnchor GetAnchor(string field) =>
        _literal is not null && FieldAnchor.ContainsLiteral(field, _literal) is { } anchor ? anchor : FieldAnchor.Present(field);

    private static Regex? CreateLinear(string pattern, RegexOptions options)
    {
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }
}
