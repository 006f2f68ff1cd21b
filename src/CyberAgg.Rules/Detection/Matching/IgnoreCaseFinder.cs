using System.Buffers;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>
/// Finds a literal ignoring case (<see cref="StringComparison.OrdinalIgnoreCase"/>) by jumping to its first character
/// with a vectorised search, then comparing the window: under invariant globalization the framework's own search is
/// a character-by-character loop.
/// </summary>
/// <remarks>
/// The first-character set holds every character whose invariant upper case equals the literal's first one (for
/// <c>s</c> also <c>ſ</c>, for <c>i</c> also <c>ı</c>), which is what the comparison merges, so the result is the
/// framework's. Literals with surrogates are not accepted (<see cref="TryCreate"/>).
/// </remarks>
internal sealed class IgnoreCaseFinder
{
    private static readonly Lazy<Dictionary<char, char[]>> SameUpperCase = new(() =>
    {
        var groups = new Dictionary<char, List<char>>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                var upper = char.ToUpperInvariant((char)c);
                if (!groups.TryGetValue(upper, out var list))
                {
                    groups[upper] = list = [];
                }

                list.Add((char)c);
            }
        }

        return groups.ToDictionary(g => g.Key, g => g.Value.ToArray());
    });

    private readonly string _literal;
    private readonly SearchValues<char> _first;

    private IgnoreCaseFinder(string literal)
    {
        _literal = literal;
        _first = SearchValues.Create(SameUpperCase.Value[char.ToUpperInvariant(literal[0])]);
    }

    /// <summary>A finder for <paramref name="literal"/>, or null when it is empty or holds surrogates.</summary>
    public static IgnoreCaseFinder? TryCreate(string literal) =>
        literal.Length == 0 || literal.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? null : new IgnoreCaseFinder(literal);

    /// <summary>Leftmost start of the literal in <paramref name="text"/>, ignoring case, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> text)
    {
        var literal = _literal.AsSpan();
        var offset = 0;
        while (text.Length - offset >= literal.Length)
        {
            var found = text[offset..(text.Length - literal.Length + 1)].IndexOfAny(_first);
            if (found < 0)
            {
                return -1;
            }

            var start = offset + found;
            if (text.Slice(start, literal.Length).Equals(literal, StringComparison.OrdinalIgnoreCase))
            {
                return start;
            }

            offset = start + 1;
        }

        return -1;
    }
}
