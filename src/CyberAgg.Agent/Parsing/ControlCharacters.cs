using System.Globalization;
using System.Text;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// Keeps control characters out of header-derived fields (host, app, process id): each is written as <c>#ooo</c>
/// (three octal digits, rsyslog's convention), so a line feed in a hostname cannot forge a second log line.
/// </summary>
internal static class ControlCharacters
{
    public static bool IsControl(char c) => c < ' ' || c is >= '\u007F' and <= '\u009F';

    public static string Escape(ReadOnlySpan<char> text)
    {
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i]))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return text.ToString();
        }

        var result = new StringBuilder(text.Length + 8);
        result.Append(text[..first]);
        foreach (var c in text[first..])
        {
            if (IsControl(c))
            {
                result.Append('#').Append(Convert.ToString((int)c, 8).PadLeft(3, '0'));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>The index and code of the first character outside printable US-ASCII (33–126), or -1.</summary>
    public static int FirstNonPrintable(ReadOnlySpan<char> text) => text.IndexOfAnyExceptInRange('!', '~');

    public static string Describe(char c) => "0x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture);
}
