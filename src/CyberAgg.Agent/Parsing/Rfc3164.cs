using System.Globalization;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// BSD syslog (RFC 3164) after the PRI: <c>Mmm dd [yyyy] hh:mm:ss [HOSTNAME] TAG[pid]: MSG</c>. Lenient by design:
/// RFC 3164 describes observed practice, so anything after a valid PRI is accepted and the parts found are kept.
/// </summary>
internal static class Rfc3164
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static SyslogMessage Parse(ReadOnlySpan<char> span, int pri, DateTimeOffset received)
    {
        var timestamp = TryParseTimestamp(ref span, received);
        string? host = null;
        if (timestamp is not null)
        {
            // After a timestamp comes the hostname, unless the next token is already the tag ("su:" or "sshd[42]:").
            var space = span.IndexOf(' ');
            if (space > 0 && !span[..space].EndsWith(':') && !span[..space].Contains('['))
            {
                host = span[..space].ToString();
                span = span[(space + 1)..];
            }
        }

        string? app = null;
        string? procId = null;
        var colon = span.IndexOf(": ");
        if (colon < 0 && span.EndsWith(':'))
        {
            colon = span.Length - 1;
        }

        if (colon > 0 && colon <= 64 && !span[..colon].Contains(' '))
        {
            var tag = span[..colon];
            var bracket = tag.IndexOf('[');
            if (bracket > 0 && tag.EndsWith(']'))
            {
                procId = tag[(bracket + 1)..^1].ToString();
                tag = tag[..bracket];
            }

            app = tag.ToString();
            span = span[Math.Min(span.Length, colon + 2)..];
        }

        return new SyslogMessage
        {
            Facility = pri >> 3,
            Severity = pri & 7,
            IsRfc5424 = false,
            Timestamp = timestamp,
            Hostname = host,
            AppName = app,
            ProcId = procId,
            Message = span.ToString(),
        };
    }

    private static DateTimeOffset? TryParseTimestamp(ref ReadOnlySpan<char> span, DateTimeOffset received)
    {
        // "Mmm dd hh:mm:ss " is 16 characters; "Mmm dd yyyy hh:mm:ss " is 21.
        if (span.Length < 16 || span[3] != ' ')
        {
            return null;
        }

        var month = Array.IndexOf(Months, span[..3].ToString()) + 1;
        if (month == 0 || !int.TryParse(span[4..6].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var day) || span[6] != ' ')
        {
            return null;
        }

        var rest = span[7..];
        int? year = null;
        if (rest.Length >= 5 && char.IsAsciiDigit(rest[0]) && rest[4] == ' '
            && int.TryParse(rest[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
        {
            year = y;
            rest = rest[5..];
        }

        if (rest.Length < 8 || !TimeOnly.TryParseExact(rest[..8], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || (rest.Length > 8 && rest[8] != ' '))
        {
            return null;
        }

        var nowUtc = received.UtcDateTime;
        var candidateYear = year ?? nowUtc.Year;
        if (day < 1 || day > DateTime.DaysInMonth(candidateYear, month))
        {
            return null;
        }

        // The zone is unknown in RFC 3164; UTC is the agent's documented assumption.
        var stamp = new DateTimeOffset(new DateTime(DateOnly.FromDateTime(new DateTime(candidateYear, month, day)), time), TimeSpan.Zero);
        if (year is null && stamp > received.AddDays(1))
        {
            // A December line read in January belongs to last year.
            var previous = candidateYear - 1;
            if (day > DateTime.DaysInMonth(previous, month))
            {
                return null;
            }

            stamp = stamp.AddYears(-1);
        }

        span = rest.Length > 8 ? rest[9..] : [];
        return stamp;
    }
}
