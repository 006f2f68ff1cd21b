using System.Text;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>RFC 5424 after <c>&lt;PRI&gt;1 </c>: timestamp, hostname, app-name, procid, msgid, structured data, message.</summary>
internal static class Rfc5424
{
    public static bool TryParse(ReadOnlySpan<char> span, int pri, out SyslogMessage? message, out ParseFailure failure)
    {
        message = null;
        if (!TryToken(ref span, out var timestampToken) || !TryToken(ref span, out var host) || !TryToken(ref span, out var app)
            || !TryToken(ref span, out var procId) || !TryToken(ref span, out var msgId))
        {
            failure = new(DeadLetterReason.MalformedSyslog, "RFC 5424 header");
            return false;
        }

        DateTimeOffset? timestamp = null;
        if (SyslogParser.NilOr(timestampToken) is { } ts)
        {
            if (!EventTimestamps.TryParse(ts, out var parsed))
            {
                failure = new(DeadLetterReason.MalformedSyslog, "RFC 5424 TIMESTAMP");
                return false;
            }

            timestamp = parsed;
        }

        var structured = new List<KeyValuePair<string, string>>();
        if (!TryParseStructuredData(ref span, structured, out var detail))
        {
            failure = new(DeadLetterReason.MalformedSyslog, detail);
            return false;
        }

        if (!span.IsEmpty)
        {
            if (span[0] != ' ')
            {
                failure = new(DeadLetterReason.MalformedSyslog, "RFC 5424 STRUCTURED-DATA");
                return false;
            }

            span = span[1..];
        }

        // RFC 5424 §6.4: a UTF-8 MSG may start with a BOM, which is a marker, not content.
        if (!span.IsEmpty && span[0] == '\uFEFF')
        {
            span = span[1..];
        }

        message = new SyslogMessage
        {
            Facility = pri >> 3,
            Severity = pri & 7,
            IsRfc5424 = true,
            Timestamp = timestamp,
            Hostname = SyslogParser.NilOr(host),
            AppName = SyslogParser.NilOr(app),
            ProcId = SyslogParser.NilOr(procId),
            MsgId = SyslogParser.NilOr(msgId),
            StructuredData = structured,
            Message = span.ToString(),
        };
        failure = default;
        return true;
    }

    private static bool TryToken(ref ReadOnlySpan<char> span, out ReadOnlySpan<char> token)
    {
        var space = span.IndexOf(' ');
        if (space <= 0)
        {
            token = default;
            return false;
        }

        token = span[..space];
        span = span[(space + 1)..];
        return true;
    }

    private static bool TryParseStructuredData(ref ReadOnlySpan<char> span, List<KeyValuePair<string, string>> output, out string detail)
    {
        detail = "RFC 5424 STRUCTURED-DATA";
        if (span.IsEmpty)
        {
            return false;
        }

        if (span[0] == '-')
        {
            span = span[1..];
            return true;
        }

        if (span[0] != '[')
        {
            return false;
        }

        var value = new StringBuilder();
        while (!span.IsEmpty && span[0] == '[')
        {
            span = span[1..];
            var idEnd = span.IndexOfAny(' ', ']');
            if (idEnd <= 0 || span[..idEnd].ContainsAny('=', '"'))
            {
                detail = "SD-ID";
                return false;
            }

            var id = span[..idEnd].ToString();
            span = span[idEnd..];
            while (true)
            {
                if (span.IsEmpty)
                {
                    detail = "unterminated SD-ELEMENT";
                    return false;
                }

                if (span[0] == ']')
                {
                    span = span[1..];
                    break;
                }

                if (span[0] != ' ')
                {
                    return false;
                }

                span = span[1..];
                var eq = span.IndexOf('=');
                if (eq <= 0 || eq + 1 >= span.Length || span[eq + 1] != '"' || span[..eq].ContainsAny(' ', ']', '"'))
                {
                    detail = "SD-PARAM";
                    return false;
                }

                var name = span[..eq];
                span = span[(eq + 2)..];
                if (!TryReadParamValue(ref span, value))
                {
                    detail = "unterminated PARAM-VALUE";
                    return false;
                }

                output.Add(new($"{id}.{name}", value.ToString()));
            }
        }

        return true;
    }

    // PARAM-VALUE escapes only '"', '\' and ']'; a backslash before anything else is kept literally (RFC 5424 §6.3.3).
    private static bool TryReadParamValue(ref ReadOnlySpan<char> span, StringBuilder value)
    {
        value.Clear();
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c == '\\' && i + 1 < span.Length && span[i + 1] is '"' or '\\' or ']')
            {
                value.Append(span[++i]);
            }
            else if (c == '"')
            {
                span = span[(i + 1)..];
                return true;
            }
            else
            {
                value.Append(c);
            }
        }

        return false;
    }
}
