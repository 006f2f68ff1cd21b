using System.Text.RegularExpressions;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Sigma <c>re</c>: an unanchored search, case-sensitive unless the <c>i</c> sub-modifier is set.</summary>
/// <remarks>
/// Prefers the non-backtracking engine, whose cost is linear in the input, so a hostile rule cannot
/// stall the pipeline. Patterns it cannot run (lookarounds, backreferences) fall back to the
/// backtracking engine with a match timeout; a timeout counts as no match and is counted on the rule.
/// </remarks>
internal sealed class RegexMatcher : ValueMatcher
{
    private readonly Regex _regex;
    private readonly RuleCounters _counters;

    public RegexMatcher(string pattern, RegexOptions flags, TimeSpan timeout, RuleCounters counters)
    {
        _counters = counters;
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
