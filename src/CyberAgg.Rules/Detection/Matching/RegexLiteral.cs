namespace CyberAgg.Rules.Detection.Matching;

/// <summary>
/// A literal every match of a regular expression contains, read conservatively from the pattern: the longest run of
/// plain characters in its top-level sequence, outside groups, classes and quantified characters.
/// </summary>
/// <remarks>
/// Anything not understood gives no literal: a top-level alternation, inline options other than a leading
/// <c>(?i)</c>, escapes other than <c>\s \d \w \b</c> (and their negations) or an escaped symbol, a nested class, a
/// brace that is not a quantifier. Ignoring case, the literal must be ASCII without <c>k</c>: the regular-expression
/// engine also merges <c>k</c> with the Kelvin sign, which <see cref="StringComparison.OrdinalIgnoreCase"/> does not
/// (checked for every ASCII character), so for any other ASCII literal an ordinal ignore-case search finds at least
/// what the expression can match.
/// </remarks>
internal static class RegexLiteral
{
    private const int MinLength = 3;

    /// <summary>The literal, or null; <paramref name="ignoreCase"/> tells how to search for it.</summary>
    public static string? Find(string pattern, bool ignoreCase, out bool literalIgnoresCase)
    {
        literalIgnoresCase = ignoreCase;
        if (pattern.StartsWith("(?i)", StringComparison.Ordinal))
        {
            literalIgnoresCase = true;
            pattern = pattern[4..];
        }

        var best = string.Empty;
        var run = new System.Text.StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return null;
                    }

                    var escaped = pattern[i + 1];
                    if (char.IsAsciiLetterOrDigit(escaped))
                    {
                        if ("sSdDwWbB".IndexOf(escaped, StringComparison.Ordinal) < 0)
                        {
                            return null;
                        }

                        End();
                    }
                    else if (char.IsAscii(escaped))
                    {
                        run.Append(escaped);
                    }
                    else
                    {
                        return null;
                    }

                    i += 2;
                    continue;
                case '*' or '+' or '?':
                    Quantified();
                    i++;
                    if (i < pattern.Length && pattern[i] is '?' or '+')
                    {
                        i++;
                    }

                    continue;
                case '{':
                    var close = pattern.IndexOf('}', i);
                    if (close < 0 || !IsQuantifier(pattern.AsSpan(i + 1, close - i - 1)))
                    {
                        return null;
                    }

                    Quantified();
                    i = close + 1;
                    if (i < pattern.Length && pattern[i] == '?')
                    {
                        i++;
                    }

                    continue;
                case '[':
                    End();
                    i = SkipClass(pattern, i);
                    if (i < 0)
                    {
                        return null;
                    }

                    continue;
                case '(':
                    End();
                    // Groups, lookarounds and named groups are skipped whole; inline options may change case: give up.
                    if (pattern.AsSpan(i).StartsWith("(?") && (i + 2 >= pattern.Length || pattern[i + 2] is not (':' or '=' or '!' or '<')))
                    {
                        return null;
                    }

                    i = SkipGroup(pattern, i);
                    if (i < 0)
                    {
                        return null;
                    }

                    continue;
                case '|' or ')':
                    return null;
                case '.' or '^' or '$':
                    End();
                    i++;
                    continue;
                default:
                    run.Append(c);
                    i++;
                    continue;
            }
        }

        End();
        if (best.Length < MinLength)
        {
            return null;
        }

        if (literalIgnoresCase && (!System.Text.Ascii.IsValid(best) || best.Contains('k', StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return best;

        void End()
        {
            if (run.Length > best.Length)
            {
                best = run.ToString();
            }

            run.Clear();
        }

        // The character before a quantifier may be absent or repeated, so the run ends before it.
        void Quantified()
        {
            if (run.Length > 0)
            {
                run.Length--;
            }

            End();
        }
    }

    private static bool IsQuantifier(ReadOnlySpan<char> inside)
    {
        var comma = inside.IndexOf(',');
        var low = comma < 0 ? inside : inside[..comma];
        var high = comma < 0 ? [] : inside[(comma + 1)..];
        return low.Length > 0 && !low.ContainsAnyExceptInRange('0', '9') && !high.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>Index after the class starting at <paramref name="start"/>, or -1 for a nested or unclosed class.</summary>
    private static int SkipClass(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        // A ']' first in the class is a literal.
        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        for (; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    return -1;
                case ']':
                    return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Index after the group starting at <paramref name="start"/> (classes and escapes inside skipped), or -1.</summary>
    private static int SkipGroup(string pattern, int start)
    {
        var depth = 0;
        for (var i = start; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    var end = SkipClass(pattern, i);
                    if (end < 0)
                    {
                        return -1;
                    }

                    i = end - 1;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return -1;
    }
}
