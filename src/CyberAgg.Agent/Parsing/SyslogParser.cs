using System.Globalization;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// Parses one syslog message. <c>&lt;PRI&gt;1 </c> is RFC 5424, checked strictly; another VERSION in front of an
/// RFC 5424 header is refused; anything else after a PRI is RFC 3164 (BSD), read leniently. A line without a PRI is
/// syslog only when it starts with a stamp (a local log file, or CEF behind a bare BSD header).
/// </summary>
internal static class SyslogParser
{
    private const char Nil = '-';

    /// <summary>The PRI a relay assumes for a message that has none (RFC 3164 §4.3.3): user.notice.</summary>
    private const int DefaultPri = 13;

    /// <summary>Parses <paramref name="text"/> (one message, framing removed).</summary>
    /// <remarks><paramref name="received"/> anchors RFC 3164 stamps, which carry no year.</remarks>
    public static bool TryParse(string text, DateTimeOffset received, out SyslogMessage? message, out ParseFailure failure)
    {
        ArgumentNullException.ThrowIfNull(text);
        message = null;
        failure = default;
        var span = text.AsSpan();
        if (span.IsEmpty || span[0] != '<')
        {
            if (!Rfc3164.StartsWithTimestamp(span, received))
            {
                failure = new(DeadLetterReason.MalformedSyslog, "not syslog: no <PRI> and no timestamp at the start of the line");
                return false;
            }

            message = Rfc3164.Parse(span, DefaultPri, received, hasPri: false);
            return true;
        }

        if (!TryParsePri(ref span, out var pri))
        {
            failure = new(DeadLetterReason.MalformedSyslog, "PRI: expected <0> to <191> at the start");
            return false;
        }

        var versionLength = 0;
        while (versionLength < span.Length && versionLength < 4 && char.IsAsciiDigit(span[versionLength]))
        {
            versionLength++;
        }

        if (versionLength is >= 1 and <= 3 && span[0] != '0' && span.Length > versionLength && span[versionLength] == ' ')
        {
            if (versionLength == 1 && span[0] == '1')
            {
                return Rfc5424.TryParse(span[2..], pri, out message, out failure);
            }

            var next = span[(versionLength + 1)..];
            if (next.StartsWith("- ") || (next.Length >= 5 && char.IsAsciiDigit(next[0]) && next[4] == '-'))
            {
                failure = new(DeadLetterReason.MalformedSyslog, $"VERSION {span[..versionLength]}: only RFC 5424 VERSION 1 is defined");
                return false;
            }
        }

        message = Rfc3164.Parse(span, pri, received, hasPri: true);
        return true;
    }

    private static bool TryParsePri(ref ReadOnlySpan<char> span, out int pri)
    {
        pri = 0;
        if (span.Length < 3 || span[0] != '<')
        {
            return false;
        }

        var close = span[..Math.Min(span.Length, 5)].IndexOf('>');
        if (close < 2 || !int.TryParse(span[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out pri) || pri > 191
            || (close > 2 && span[1] == '0'))
        {
            return false;
        }

        span = span[(close + 1)..];
        return true;
    }

    internal static string? NilOr(ReadOnlySpan<char> token) => token.Length == 1 && token[0] == Nil ? null : token.ToString();
}
