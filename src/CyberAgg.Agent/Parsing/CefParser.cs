using System.Text;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// Parses <c>CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension</c>. Header fields unescape
/// <c>\|</c> and <c>\\</c>; extension values unescape <c>\=</c>, <c>\\</c>, <c>\n</c> and <c>\r</c>. Any other
/// backslash is kept as written, so hostile escapes cannot swallow delimiters.
/// </summary>
internal static class CefParser
{
    private const string Prefix = "CEF:";
    private const int HeaderFields = 7;

    /// <summary>Finds <c>CEF:</c> at the start or after a syslog header (<c>host CEF:0|…</c>).</summary>
    public static int IndexOfCef(string text) => text.StartsWith(Prefix, StringComparison.Ordinal)
        ? 0
        : text.IndexOf(" " + Prefix, StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;

    public static bool TryParse(ReadOnlySpan<char> text, out CefMessage? message, out ParseFailure failure)
    {
        message = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            failure = new(DeadLetterReason.MalformedCef, "missing CEF: prefix");
            return false;
        }

        text = text[Prefix.Length..];
        var header = new string[HeaderFields];
        var field = new StringBuilder();
        var index = 0;
        var position = 0;
        for (; position < text.Length && index < HeaderFields; position++)
        {
            var c = text[position];
            if (c == '\\' && position + 1 < text.Length && text[position + 1] is '|' or '\\')
            {
                field.Append(text[++position]);
            }
            else if (c == '|')
            {
                header[index++] = field.ToString();
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (index < HeaderFields)
        {
            failure = new(DeadLetterReason.MalformedCef, $"{index} of {HeaderFields} header fields");
            return false;
        }

        if (!TryParseExtensions(text[position..], out var extensions, out var detail))
        {
            failure = new(DeadLetterReason.MalformedCef, detail);
            return false;
        }

        message = new CefMessage
        {
            Version = header[0],
            DeviceVendor = header[1],
            DeviceProduct = header[2],
            DeviceVersion = header[3],
            SignatureId = header[4],
            Name = header[5],
            Severity = header[6],
            Extensions = extensions,
        };
        failure = default;
        return true;
    }

    // A value runs until the space before the next "key=", where '=' is unescaped; an unescaped '=' with no space before
    // it (a URL query) is treated as part of the value, as ArcSight's own parsers do.
    private static bool TryParseExtensions(ReadOnlySpan<char> text, out List<KeyValuePair<string, string>> extensions, out string detail)
    {
        extensions = [];
        detail = string.Empty;
        text = text.TrimStart(' ');
        while (!text.IsEmpty)
        {
            var eq = IndexOfUnescapedEquals(text, 0);
            if (eq <= 0)
            {
                detail = "extension without key=value";
                return false;
            }

            var key = text[..eq];
            if (!IsValidKey(key))
            {
                detail = "extension key";
                return false;
            }

            var valueStart = eq + 1;
            var valueEnd = text.Length;
            var next = text.Length;
            for (var search = valueStart; ;)
            {
                var nextEq = IndexOfUnescapedEquals(text, search);
                if (nextEq < 0)
                {
                    break;
                }

                var space = text[valueStart..nextEq].LastIndexOf(' ');
                if (space >= 0 && IsValidKey(text[(valueStart + space + 1)..nextEq]))
                {
                    valueEnd = valueStart + space;
                    next = valueStart + space + 1;
                    break;
                }

                search = nextEq + 1;
            }

            extensions.Add(new(key.ToString(), UnescapeValue(text[valueStart..valueEnd].TrimEnd(' '))));
            text = text[next..];
        }

        return true;
    }

    private static int IndexOfUnescapedEquals(ReadOnlySpan<char> text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '=')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsValidKey(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty || key.Length > 1023)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '.' and not '-' and not '[' and not ']' and not ',')
            {
                return false;
            }
        }

        return true;
    }

    private static string UnescapeValue(ReadOnlySpan<char> value)
    {
        if (!value.Contains('\\'))
        {
            return value.ToString();
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                switch (value[i + 1])
                {
                    case '=':
                    case '\\':
                        result.Append(value[++i]);
                        continue;
                    case 'n':
                        result.Append('\n');
                        i++;
                        continue;
                    case 'r':
                        result.Append('\r');
                        i++;
                        continue;
                    default:
                        break;
                }
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
