using System.Globalization;

namespace CyberAgg.Rules.Loading;

/// <summary>Parses correlation <c>timespan</c> values: a positive whole number and one unit letter.</summary>
/// <remarks>
/// The Sigma correlation specification defines <c>s</c>, <c>m</c>, <c>h</c> and <c>d</c>; pySigma, the
/// reference implementation, also accepts <c>w</c> (7 days), <c>M</c> (a mean Gregorian month,
/// 2 629 746 s) and <c>y</c> (a mean Gregorian year, 31 556 952 s), so rules written for it load here
/// with the same window. Windows longer than <see cref="Longest"/> are rejected: event-time arithmetic
/// on them leaves the range of dates that can be stored.
/// </remarks>
internal static class SigmaTimespan
{
    /// <summary>The longest accepted window, 100 mean Gregorian years.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(100L * 31_556_952);

    private const string Units = "s (seconds), m (minutes), h (hours), d (days), w (weeks), M (months) or y (years)";

    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || !trimmed[..^1].All(char.IsAsciiDigit))
        {
            throw Invalid(text, $"must be a whole number followed by one unit letter: {Units}, e.g. '90m' or '2d'");
        }

        var seconds = UnitSeconds(trimmed[^1])
            ?? throw Invalid(text, $"has unknown unit '{trimmed[^1]}'; use {Units}");
        if (!long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount > Longest.TotalSeconds / seconds)
        {
            throw Invalid(text, "is longer than the longest supported window of 100 years");
        }

        if (amount == 0)
        {
            throw Invalid(text, "must be longer than zero");
        }

        return TimeSpan.FromSeconds(amount * seconds);
    }

    private static long? UnitSeconds(char unit) => unit switch
    {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        'w' => 604_800,
        'M' => 2_629_746,
        'y' => 31_556_952,
        _ => null,
    };

    private static RuleCompileException Invalid(string text, string reason) =>
        new(RuleErrorCodes.InvalidValue, $"correlation timespan '{text}' {reason}");
}
