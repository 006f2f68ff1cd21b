using CyberAgg.Rules.Detection.Indexing;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>General <c>*</c>/<c>?</c> wildcard matching without regular expressions.</summary>
/// <remarks>
/// The pattern is split at <c>*</c> into segments; the first and last are anchored, the middle ones
/// are found leftmost-first, which is correct for globs and linear in the value length per segment.
/// </remarks>
internal sealed class GlobMatcher : ValueMatcher
{
    private readonly GlobSegment[] _segments;
    private readonly bool _anchoredStart;
    private readonly bool _anchoredEnd;
    private readonly StringComparison _comparison;

    public GlobMatcher(SigmaPattern pattern, StringComparison comparison)
    {
        var tokens = pattern.Tokens;
        _comparison = comparison;
        _anchoredStart = tokens.Count > 0 && tokens[0].Kind != PatternTokenKind.AnyString;
        _anchoredEnd = tokens.Count > 0 && tokens[^1].Kind != PatternTokenKind.AnyString;
        var segments = new List<GlobSegment>();
        var current = new List<PatternToken>();
        foreach (var token in tokens)
        {
            if (token.Kind == PatternTokenKind.AnyString)
            {
                if (current.Count > 0)
                {
                    segments.Add(new GlobSegment(current));
                    current = [];
                }
            }
            else
            {
                current.Add(token);
            }
        }

        if (current.Count > 0)
        {
            segments.Add(new GlobSegment(current));
        }

        _segments = [.. segments];
    }

    public override int Cost => 4 + (2 * _segments.Length);

    public override bool Matches(string value)
    {
        var segments = _segments;
        if (segments.Length == 0)
        {
            return true;
        }

        var ignoreCase = _comparison == StringComparison.OrdinalIgnoreCase;
        if (_anchoredStart && _anchoredEnd && segments.Length == 1)
        {
            return value.Length == segments[0].Length && segments[0].MatchesAt(value, 0, _comparison, ignoreCase);
        }

        var position = 0;
        var end = value.Length;
        var first = 0;
        var last = segments.Length - 1;
        if (_anchoredStart)
        {
            if (!segments[0].MatchesAt(value, 0, _comparison, ignoreCase))
            {
                return false;
            }

            position = segments[0].Length;
            first = 1;
        }

        if (_anchoredEnd)
        {
            var tail = segments[^1];
            var tailStart = value.Length - tail.Length;
            if (tailStart < position || !tail.MatchesAt(value, tailStart, _comparison, ignoreCase))
            {
                return false;
            }

            end = tailStart;
            last--;
        }

        for (var i = first; i <= last; i++)
        {
            var found = segments[i].IndexOf(value, position, end, _comparison, ignoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + segments[i].Length;
        }

        return true;
    }

    /// <summary>
    /// The literal prefix or suffix of an anchored pattern, else the longest literal run anywhere in it (every match
    /// contains each literal run), whichever is longer; a tie goes to the prefix or suffix, the stronger anchor.
    /// </summary>
    public override FieldAnchor GetAnchor(string field)
    {
        var prefix = _anchoredStart ? _segments[0].LiteralPrefix : string.Empty;
        var suffix = _anchoredEnd ? _segments[^1].LiteralSuffix : string.Empty;
        var edge = suffix.Length >= prefix.Length
            ? new FieldAnchor(field, AnchorKind.Suffix, suffix)
            : new FieldAnchor(field, AnchorKind.Prefix, prefix);
        var run = string.Empty;
        foreach (var segment in _segments)
        {
            if (segment.LongestLiteral.Length > run.Length)
            {
                run = segment.LongestLiteral;
            }
        }

        if (edge.Key.Length > 0 && edge.Key.Length >= run.Length)
        {
            return edge;
        }

        return FieldAnchor.ContainsLiteral(field, run) ?? (edge.Key.Length > 0 ? edge : FieldAnchor.Present(field));
    }
}
