using System.Net;
using CyberAgg.Agent.Parsing.Time;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// BSD syslog (RFC 3164) after the PRI, as devices write it: <c>[seq: ][*|.]Mmm dd [yyyy] hh:mm:ss[.fff] [zone][:]
/// [HOSTNAME] TAG[pid]: MSG</c>, or an ISO 8601 stamp in the same place. Lenient by design (RFC 3164 describes
/// observed practice): the parts found are kept, and control characters in header parts are escaped.
/// </summary>
internal static class Rfc3164
{
    private const int MaxTagLength = 64;

    /// <summary>Whether the line starts with a stamp this parser reads (used to accept syslog without a PRI).</summary>
    public static bool StartsWithTimestamp(ReadOnlySpan<char> span, DateTimeOffset received) => TryParseTimestamp(ref span, received, out _) is not null;

    public static SyslogMessage Parse(ReadOnlySpan<char> span, int pri, DateTimeOffset received, bool hasPri)
    {
        string? sequence = null;
        var colon = span[..Math.Min(span.Length, 12)].IndexOf(": ");
        if (colon > 0 && !span[..colon].ContainsAnyExceptInRange('0', '9'))
        {
            var rest = span[(colon + 2)..];
            if (TryParseTimestamp(ref rest, received, out _) is not null)
            {
                sequence = span[..colon].ToString();
                span = span[(colon + 2)..];
            }
        }

        var timestamp = TryParseTimestamp(ref span, received, out var hostless);
        string? host = null;
        var space = span.IndexOf(' ');
        if (timestamp is not null && !hostless)
        {
            // After a stamp comes the hostname, unless the next token is already the tag ("su:" or "sshd[42]:").
            if (space > 0 && (IPAddress.TryParse(span[..space], out _) || span[..space].IndexOfAny(':', '[') < 0))
            {
                host = ControlCharacters.Escape(span[..space]);
                span = span[(space + 1)..];
            }
        }
        else if (timestamp is null && space > 0 && LooksLikeHost(span[..space]) && TagLength(span[(space + 1)..]) > 0)
        {
            // No stamp: "MYSERVER-M LogParser: ..." is still a host and a tag.
            host = span[..space].ToString();
            span = span[(space + 1)..];
        }

        string? app = null;
        string? procId = null;
        var tagLength = TagLength(span);
        if (tagLength > 0)
        {
            var tag = span[..tagLength];
            var bracket = tag.IndexOf('[');
            if (bracket > 0 && tag.EndsWith(']'))
            {
                procId = ControlCharacters.Escape(tag[(bracket + 1)..^1]);
                tag = tag[..bracket];
            }

            app = ControlCharacters.Escape(tag);
            span = span[(tagLength + 1)..];
            if (!span.IsEmpty && span[0] == ' ')
            {
                span = span[1..];
            }
        }

        return new SyslogMessage
        {
            Facility = pri >> 3,
            Severity = pri & 7,
            IsRfc5424 = false,
            HasPri = hasPri,
            Sequence = sequence,
            Timestamp = timestamp,
            Hostname = host,
            AppName = app,
            ProcId = procId,
            Message = span.ToString(),
        };
    }

    /// <summary>The length of <c>TAG[pid]</c> before its colon, or 0 when the text does not start with one.</summary>
    private static int TagLength(ReadOnlySpan<char> span)
    {
        var colon = span[..Math.Min(span.Length, MaxTagLength + 1)].IndexOf(':');
        if (colon <= 0 || span[..colon].Contains(' ') || span.StartsWith("CEF:", StringComparison.Ordinal) || span.StartsWith("LEEF:", StringComparison.Ordinal))
        {
            return 0;
        }

        // "http://x" or "12:30" are text, not a tag.
        var after = colon + 1 < span.Length ? span[colon + 1] : ' ';
        return after == '/' || (char.IsAsciiDigit(span[colon - 1]) && char.IsAsciiDigit(after)) ? 0 : colon;
    }

    private static bool LooksLikeHost(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    private static DateTimeOffset? TryParseTimestamp(ref ReadOnlySpan<char> span, DateTimeOffset received, out bool hostless)
    {
        hostless = false;
        var s = span;
        if (!s.IsEmpty && s[0] is '*' or '.')
        {
            // Cisco: '*' marks a clock that is not synchronised, '.' one that was and lost it.
            s = s[1..];
        }

        DateTimeOffset stamp;
        if (s.Length >= 19 && char.IsAsciiDigit(s[0]) && s[4] == '-')
        {
            var end = s.IndexOf(' ');
            var token = end < 0 ? s : s[..end];
            if (token.EndsWith(':'))
            {
                token = token[..^1];
            }

            if (!Rfc3339.TryParseLenient(token, out stamp))
            {
                return null;
            }

            s = s[token.Length..];
        }
        else if (!LegacyTimestamp.TryParse(ref s, received, requireZoneKnown: false, out stamp))
        {
            return null;
        }

        if (!s.IsEmpty && s[0] == ':')
        {
            // "May 21 2008 10:50:11: %FWSM-..." (Cisco): the colon ends the stamp and no hostname follows.
            hostless = true;
            s = s[1..];
        }
        else if (!s.IsEmpty && s[0] != ' ')
        {
            return null;
        }

        span = s.TrimStart(' ');
        return stamp;
    }
}
