using System.Globalization;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>Parses one syslog message, RFC 5424 or RFC 3164 (BSD), deciding by the version digit after the PRI.</summary>
internal static class SyslogParser
{
    private const char Nil = '-';

    /// <summary>Parses <paramref name="text"/> (one message, framing removed).</summary>
    /// <remarks><paramref name="received"/> anchors RFC 3164 stamps, which carry no year and may be absent.</remarks>
    public static bool TryParse(string text, DateTimeOffset received, out SyslogMessage? message, out ParseFailure failure)
    {
        ArgumentNullException.ThrowIfNull(text);
        message = null;
        var span = text.AsSpan();
        if (!TryParsePri(ref span, out var pri))
        {
            failure = new(DeadLetterReason.MalformedSyslog, "PRI");
            return false;
        }

        if (span.Length >= 2 && span[0] == '1' && span[1] == ' ')
        {
            return Rfc5424.TryParse(span[2..], pri, out message, out failure);
        }

        message = Rfc3164.Parse(span, pri, received);
        failure = default;
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
