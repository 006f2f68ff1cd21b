namespace CyberAgg.Rules.Detection.Matching;

/// <summary>A run of literal characters and <c>?</c> wildcards between two <c>*</c>.</summary>
internal sealed class GlobSegment
{
    private readonly string _text;
    private readonly bool[]? _anyChar;
    private readonly IgnoreCaseFinder? _finder;

    public GlobSegment(List<PatternToken> tokens)
    {
        var chars = new List<char>();
        var any = new List<bool>();
        foreach (var token in tokens)
        {
            if (token.Kind == PatternTokenKind.AnyChar)
            {
                chars.Add('?');
                any.Add(true);
            }
            else
            {
                chars.AddRange(token.Text);
                any.AddRange(Enumerable.Repeat(false, token.Text.Length));
            }
        }

        _text = new string([.. chars]);
        _anyChar = any.Contains(true) ? [.. any] : null;
        var firstAny = any.IndexOf(true);
        var lastAny = any.LastIndexOf(true);
        LiteralPrefix = firstAny < 0 ? _text : _text[..firstAny];
        LiteralSuffix = lastAny < 0 ? _text : _text[(lastAny + 1)..];
        LongestLiteral = _anyChar is null ? _text : LongestRun(_text, _anyChar);
        _finder = _anyChar is null ? IgnoreCaseFinder.TryCreate(_text) : null;
    }

    public int Length => _text.Length;

    public string LiteralPrefix { get; }

    public string LiteralSuffix { get; }

    /// <summary>The longest run of literal characters (no <c>?</c>) in the segment: a match contains it.</summary>
    public string LongestLiteral { get; }

    public bool MatchesAt(string value, int start, StringComparison comparison, bool ignoreCase)
    {
        if (start < 0 || start + _text.Length > value.Length)
        {
            return false;
        }

        if (_anyChar is null)
        {
            return value.AsSpan(start, _text.Length).Equals(_text, comparison);
        }

        for (var i = 0; i < _text.Length; i++)
        {
            if (_anyChar[i])
            {
                continue;
            }

            var a = value[start + i];
            var b = _text[i];
            if (a != b && (!ignoreCase || char.ToUpperInvariant(a) != char.ToUpperInvariant(b)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Leftmost start of this segment in <c>value[start..end)</c>, or -1.</summary>
    public int IndexOf(string value, int start, int end, StringComparison comparison, bool ignoreCase)
    {
        if (ignoreCase && _finder is { } finder)
        {
            var at = finder.IndexOf(value.AsSpan(start, end - start));
            return at < 0 ? -1 : start + at;
        }

        if (_anyChar is null)
        {
            var found = value.AsSpan(start, end - start).IndexOf(_text, comparison);
            return found < 0 ? -1 : start + found;
        }

        for (var i = start; i + _text.Length <= end; i++)
        {
            if (MatchesAt(value, i, comparison, ignoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string LongestRun(string text, bool[] anyChar)
    {
        var (bestStart, bestLength, start) = (0, 0, 0);
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || anyChar[i])
            {
                if (i - start > bestLength)
                {
                    (bestStart, bestLength) = (start, i - start);
                }

                start = i + 1;
            }
        }

        return text.Substring(bestStart, bestLength);
    }
}
