using System.Globalization;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing.Time;

/// <summary>
/// The date formats of the CEF guide for <c>rt</c>, <c>start</c> and <c>end</c>: epoch milliseconds,
/// <c>MMM dd [yyyy] HH:mm:ss[.SSS] [zone]</c> (zone a name such as <c>EST</c> or an offset such as <c>+0500</c>), and
/// ISO 8601. A stamp whose zone word is unknown is refused rather than guessed.
/// </summary>
internal static class CefTimestamp
{
    public static bool TryParse(string value, DateTimeOffset received, out DateTimeOffset timestamp)
    {
        var text = value.AsSpan().Trim();
        timestamp = default;
        if (text.IsEmpty)
        {
            return false;
        }

        if (text.ContainsAnyExceptInRange('0', '9') is false)
        {
            // The guide says milliseconds; senders that write ten digits mean seconds (a millisecond reading would be 1970).
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            return text.Length <= 11
                ? EventTimestamps.TryFromUnixMillis(number * 1000, out timestamp)
                : EventTimestamps.TryFromUnixMillis(number, out timestamp);
        }

        if (char.IsAsciiDigit(text[0]))
        {
            return Rfc3339.TryParseLenient(text, out timestamp);
        }

        return LegacyTimestamp.TryParse(ref text, received, requireZoneKnown: true, out timestamp) && text.IsEmpty;
    }
}
