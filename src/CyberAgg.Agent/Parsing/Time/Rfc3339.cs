using System.Globalization;

namespace CyberAgg.Agent.Parsing.Time;

/// <summary>
/// RFC 3339 date-times, parsed by hand because <see cref="DateTimeOffset"/> cannot hold offsets beyond ±14:00 while
/// RFC 3339 allows up to ±23:59. The result is always UTC.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Strict form (RFC 5424 §6.2.3): upper-case <c>T</c> and <c>Z</c>, at most 6 fraction digits, a zone.</summary>
    public static bool TryParseStrict(ReadOnlySpan<char> text, out DateTimeOffset timestamp) => TryParse(text, strict: true, out timestamp);

    /// <summary>
    /// Lenient ISO 8601 as sensors write it: <c>t</c>/space separator, <c>+0000</c> offsets (Suricata), up to 9
    /// fraction digits, and no zone read as UTC.
    /// </summary>
    public static bool TryParseLenient(ReadOnlySpan<char> text, out DateTimeOffset timestamp) => TryParse(text, strict: false, out timestamp);

    private static bool TryParse(ReadOnlySpan<char> s, bool strict, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':'
            || !(s[10] == 'T' || (!strict && s[10] is 't' or ' ')))
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s[5..7], out var month) || !Digits(s[8..10], out var day)
            || !Digits(s[11..13], out var hour) || !Digits(s[14..16], out var minute) || !Digits(s[17..19], out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = 19;
        long fractionTicks = 0;
        if (position < s.Length && s[position] == '.')
        {
            var start = ++position;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                position++;
            }

            var digits = position - start;
            if (digits == 0 || digits > (strict ? 6 : 9))
            {
                return false;
            }

            var scale = 10_000_000L;
            for (var i = start; i < position && i < start + 7; i++)
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
            }
        }

        if (!TryParseZone(s[position..], strict, out var offsetMinutes))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks;
        var utc = local - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        timestamp = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    /// <summary><c>Z</c>, <c>±HH:MM</c> (or <c>±HHMM</c>, <c>±HH</c> when lenient), hours up to 23.</summary>
    internal static bool TryParseZone(ReadOnlySpan<char> zone, bool strict, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (zone.IsEmpty)
        {
            return !strict;
        }

        if (zone.Length == 1)
        {
            return zone[0] == 'Z' || (!strict && zone[0] == 'z');
        }

        if (zone[0] is not ('+' or '-'))
        {
            return false;
        }

        var sign = zone[0] == '-' ? -1 : 1;
        var rest = zone[1..];
        int hours;
        int minutes;
        if (rest.Length == 5 && rest[2] == ':')
        {
            if (!Digits(rest[..2], out hours) || !Digits(rest[3..], out minutes))
            {
                return false;
            }
        }
        else if (!strict && rest.Length == 4)
        {
            if (!Digits(rest[..2], out hours) || !Digits(rest[2..], out minutes))
            {
                return false;
            }
        }
        else if (!strict && rest.Length == 2)
        {
            if (!Digits(rest, out hours))
            {
                return false;
            }

            minutes = 0;
        }
        else
        {
            return false;
        }

        if (hours > 23 || minutes > 59)
        {
            return false;
        }

        offsetMinutes = sign * ((hours * 60) + minutes);
        return true;
    }

    internal static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        var sum = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            sum = (sum * 10) + (c - '0');
        }

        // Up to nine digits cannot overflow (every caller here passes two to four); longer runs keep int.TryParse's answer.
        if (text.Length is > 0 and <= 9)
        {
            value = sum;
            return true;
        }

        return !text.IsEmpty && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
