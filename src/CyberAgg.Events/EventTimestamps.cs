using System.Globalization;

namespace CyberAgg.Events;

/// <summary>Parses and formats <c>@timestamp</c>: RFC 3339 text or integer epoch milliseconds, always UTC.</summary>
public static class EventTimestamps
{
    private static readonly long MaxUnixMillis = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private static readonly long MinUnixMillis = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset timestamp)
    {
        text = text.Trim();
        if (text.Length > 0 && IsInteger(text))
        {
            return TryFromUnixMillis(text, out timestamp);
        }

        // RFC 3339 is the contract; a missing offset is read as UTC rather than the machine's zone.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
        {
            return true;
        }

        timestamp = default;
        return false;
    }

    public static bool TryFromUnixMillis(long millis, out DateTimeOffset timestamp)
    {
        if (millis < MinUnixMillis || millis > MaxUnixMillis)
        {
            timestamp = default;
            return false;
        }

        timestamp = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        return true;
    }

    /// <summary>RFC 3339 in UTC with 100 ns precision, e.g. <c>2024-05-01T12:00:00.0000000Z</c>.</summary>
    public static string Format(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static bool TryFromUnixMillis(ReadOnlySpan<char> digits, out DateTimeOffset timestamp)
    {
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis))
        {
            return TryFromUnixMillis(millis, out timestamp);
        }

        timestamp = default;
        return false;
    }

    private static bool IsInteger(ReadOnlySpan<char> text)
    {
        var start = text[0] == '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        foreach (var c in text[start..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
