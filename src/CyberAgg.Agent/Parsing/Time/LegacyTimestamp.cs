namespace CyberAgg.Agent.Parsing.Time;

/// <summary>
/// The month-name stamps of BSD syslog, Cisco and the CEF guide: <c>Mmm dd [yyyy] HH:mm:ss[.fff] [zone]</c>, where
/// the zone is <c>Z</c>/<c>UTC</c>/<c>GMT</c>, <c>±HHMM</c>, <c>±HH:MM</c>, <c>GMT±HH:MM</c> or an abbreviation of
/// <see cref="ZoneAbbreviations"/>. Without a zone the stamp is UTC; without a year it is the year that puts it
/// closest before the receive time.
/// </summary>
internal static class LegacyTimestamp
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Parses a stamp at the start of <paramref name="span"/> and moves past it (and its zone, if any).</summary>
    /// <remarks>
    /// With <c>requireZoneKnown</c> (CEF <c>rt</c>) the word after the time must be a known zone or the parse fails;
    /// without it (syslog) a zone is read only when a colon ends it (<c>UTC:</c>), so a host named like a zone stays a host.
    /// </remarks>
    public static bool TryParse(ref ReadOnlySpan<char> span, DateTimeOffset received, bool requireZoneKnown, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var s = span;
        if (s.Length < 14 || s[3] != ' ')
        {
            return false;
        }

        var month = MonthOf(s[..3]);
        if (month == 0)
        {
            return false;
        }

        s = s[4..].TrimStart(' ');
        var dayLength = s.Length > 1 && char.IsAsciiDigit(s[1]) ? 2 : 1;
        if (s.Length < dayLength + 9 || !Rfc3339.Digits(s[..dayLength], out var day) || s[dayLength] != ' ')
        {
            return false;
        }

        s = s[(dayLength + 1)..];
        int? year = null;
        if (s.Length >= 5 && s[4] == ' ' && Rfc3339.Digits(s[..4], out var y))
        {
            year = y;
            s = s[5..];
        }

        if (s.Length < 8 || s[2] != ':' || s[5] != ':' || !Rfc3339.Digits(s[..2], out var hour) || !Rfc3339.Digits(s[3..5], out var minute)
            || !Rfc3339.Digits(s[6..8], out var second) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        s = s[8..];
        long fractionTicks = 0;
        if (s.Length > 1 && s[0] == '.' && char.IsAsciiDigit(s[1]))
        {
            var digits = 1;
            while (digits < s.Length && char.IsAsciiDigit(s[digits]))
            {
                digits++;
            }

            var scale = 10_000_000L;
            for (var i = 1; i < digits && i <= 7; i++)
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
            }

            s = s[digits..];
        }

        var offsetMinutes = 0;
        if (s.Length > 1 && s[0] == ' ')
        {
            var end = s[1..].IndexOf(' ');
            var word = end < 0 ? s[1..] : s[1..(end + 1)];
            var colon = word.Length > 1 && word[^1] == ':';
            if (colon)
            {
                // "18:48:50.483 UTC: %SYS-5-..." (Cisco): the colon ends the stamp, not the zone.
                word = word[..^1];
            }

            // In syslog a zone is only taken when the colon closes it: a host called "UTC" stays a host.
            if ((requireZoneKnown || colon) && ZoneAbbreviations.TryGetOffset(word, out offsetMinutes))
            {
                s = s[(1 + word.Length)..];
            }
            else if (requireZoneKnown)
            {
                return false;
            }
        }

        if (!TryBuild(year, month, day, hour, minute, second, fractionTicks, offsetMinutes, received, out timestamp))
        {
            return false;
        }

        span = s;
        return true;
    }

    private static int MonthOf(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < Months.Length; i++)
        {
            if (name.Equals(Months[i], StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static bool TryBuild(int? year, int month, int day, int hour, int minute, int second, long fractionTicks, int offsetMinutes, DateTimeOffset received, out DateTimeOffset timestamp)
    {
        timestamp = default;
        var candidate = year ?? received.UtcDateTime.Year;
        if (candidate is < 2 or > 9998 || day < 1 || day > DateTime.DaysInMonth(candidate, month))
        {
            return false;
        }

        var ticks = new DateTime(candidate, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        var stamp = new DateTimeOffset(ticks, TimeSpan.Zero);
        if (year is null && stamp > received.AddDays(1))
        {
            // No year in the stamp: a December line read in January belongs to last year.
            if (day > DateTime.DaysInMonth(candidate - 1, month))
            {
                return false;
            }

            stamp = stamp.AddYears(-1);
        }

        timestamp = stamp;
        return true;
    }
}
