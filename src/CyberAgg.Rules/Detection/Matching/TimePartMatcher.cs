using System.Globalization;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Sigma time modifiers (<c>hour</c>, <c>day</c>, ...): compares one component of a date value.</summary>
internal sealed class TimePartMatcher(TimePart part, NumericComparison comparison, double threshold) : ValueMatcher
{
    public override bool Matches(string value)
    {
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        var utc = time.UtcDateTime;
        double component = part switch
        {
            TimePart.Minute => utc.Minute,
            TimePart.Hour => utc.Hour,
            TimePart.Day => utc.Day,
            TimePart.Week => ISOWeek.GetWeekOfYear(utc),
            TimePart.Month => utc.Month,
            _ => utc.Year,
        };
        return comparison.Holds(component, threshold);
    }
}
