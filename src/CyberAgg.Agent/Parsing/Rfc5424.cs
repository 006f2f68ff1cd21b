using System.Text;
using System.Text.Json;
using CyberAgg.Agent.Parsing.Time;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// RFC 5424 after <c>&lt;PRI&gt;1 </c>, checked as the RFC's ABNF says: header fields printable US-ASCII within their
/// length limits, an RFC 3339 TIMESTAMP with upper-case <c>T</c>/<c>Z</c>, SD-NAMEs of at most 32 characters.
/// A repeated SD-PARAM keeps every value, as a JSON array.
/// </summary>
internal static class Rfc5424
{
    public static bool TryParse(ReadOnlySpan<char> span, int pri, out SyslogMessage? message, out ParseFailure failure)
    {
        message = null;
        if (!TryField(ref span, "TIMESTAMP", 64, out var timestampToken, out failure)
            || !TryField(ref span, "HOSTNAME", 255, out var host, out failure)
            || !TryField(ref span, "APP-NAME", 48, out var app, out failure)
            || !TryField(ref span, "PROCID", 128, out var procId, out failure)
            || !TryField(ref span, "MSGID", 32, out var msgId, out failure))
        {
            return false;
        }

        DateTimeOffset? timestamp = null;
        if (SyslogParser.NilOr(timestampToken) is { } ts)
        {
            if (!Rfc3339.TryParseStrict(ts, out var parsed))
            {
                failure = new(DeadLetterReason.MalformedSyslog, $"RFC 5424 TIMESTAMP '{ts}' is not RFC 3339 (upper-case T and Z, at most 6 fraction digits)");
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
                failure = new(DeadLetterReason.MalformedSyslog, "RFC 5424 STRUCTURED-DATA: no space before MSG");
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
            StructuredData = MergeRepeated(structured),
            Message = span.ToString(),
        };
        failure = default;
        return true;
    }

    private static bool TryField(ref ReadOnlySpan<char> span, string name, int maxLength, out ReadOnlySpan<char> token, out ParseFailure failure)
    {
        failure = default;
        var space = span.IndexOf(' ');
        if (space <= 0)
        {
            token = default;
            failure = new(DeadLetterReason.MalformedSyslog, $"RFC 5424 {name}: missing");
            return false;
        }

        token = span[..space];
        var bad = ControlCharacters.FirstNonPrintable(token);
        if (bad >= 0)
        {
            failure = new(DeadLetterReason.MalformedSyslog, $"RFC 5424 {name}: character {ControlCharacters.Describe(token[bad])} is not printable US-ASCII");
            return false;
        }

        if (token.Length > maxLength)
        {
            failure = new(DeadLetterReason.MalformedSyslog, $"RFC 5424 {name}: {token.Length} characters, at most {maxLength}");
            return false;
        }

        span = span[(space + 1)..];
        return true;
    }

    private static bool TryParseStructuredData(ref ReadOnlySpan<char> span, List<KeyValuePair<string, string>> output, out string detail)
    {
        detail = "RFC 5424 STRUCTURED-DATA: expected '-' or '['";
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
            if (idEnd <= 0 || !IsSdName(span[..idEnd]))
            {
                detail = "RFC 5424 SD-ID: 1 to 32 printable US-ASCII characters except = ] \" and space";
                return false;
            }

            var id = span[..idEnd].ToString();
            span = span[idEnd..];
            while (true)
            {
                if (span.IsEmpty)
                {
                    detail = "RFC 5424 SD-ELEMENT: unterminated (no ']')";
                    return false;
                }

                if (span[0] == ']')
                {
                    span = span[1..];
                    break;
                }

                if (span[0] != ' ')
                {
                    detail = "RFC 5424 SD-ELEMENT: expected a space or ']'";
                    return false;
                }

                span = span[1..];
                var eq = span.IndexOf('=');
                if (eq <= 0 || eq + 1 >= span.Length || span[eq + 1] != '"' || !IsSdName(span[..eq]))
                {
                    detail = "RFC 5424 SD-PARAM: expected PARAM-NAME=\"value\" with a name of 1 to 32 printable characters";
                    return false;
                }

                var name = span[..eq];
                span = span[(eq + 2)..];
                if (!TryReadParamValue(ref span, value))
                {
                    detail = "RFC 5424 PARAM-VALUE: unterminated (no closing '\"')";
                    return false;
                }

                output.Add(new($"{id}.{name}", value.ToString()));
            }
        }

        return true;
    }

    private static bool IsSdName(ReadOnlySpan<char> name) =>
        name.Length is >= 1 and <= 32 && ControlCharacters.FirstNonPrintable(name) < 0 && !name.ContainsAny('=', ']', '"');

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

    /// <summary>RFC 5424 allows a PARAM-NAME more than once in an element; every value is kept, as a JSON array.</summary>
    private static List<KeyValuePair<string, string>> MergeRepeated(List<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count < 2 || pairs.DistinctBy(p => p.Key, StringComparer.Ordinal).Count() == pairs.Count)
        {
            return pairs;
        }

        return pairs.GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == 1
                ? g.First()
                : new KeyValuePair<string, string>(g.Key, JsonSerializer.Serialize(g.Select(p => p.Value).ToArray(), SyslogJsonContext.Default.StringArray)))
            .ToList();
    }
}
