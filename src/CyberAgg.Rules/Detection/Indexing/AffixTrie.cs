namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>
/// Literals by their leading (or trailing) characters, case-folded like <see cref="ContainsIndex"/>: one walk from
/// one end of a value finds every literal that is a folded prefix (or suffix) of it, however many literals there are.
/// </summary>
/// <remarks>
/// Folding merges at least what <see cref="StringComparison.OrdinalIgnoreCase"/> merges, so the trie can only
/// over-report; literals that folding does not treat as it does must be kept out (see <see cref="CanHold"/>). Keys are cut to
/// <see cref="MaxDepth"/> characters: a shorter affix of an affix is as necessary.
/// </remarks>
internal sealed class AffixTrie
{
    public const int MaxDepth = 32;

    private const int Root = 0;

    private readonly bool _fromEnd;
    private readonly int[] _rootAscii = new int[128];
    private readonly int[] _edgeStart;
    private readonly char[] _edgeChars;
    private readonly int[] _edgeTargets;
    private readonly int[]?[] _values;

    public AffixTrie(IEnumerable<(string Key, int Value)> entries, bool fromEnd)
    {
        _fromEnd = fromEnd;
        var children = new List<SortedDictionary<char, int>> { new() };
        var values = new List<SortedSet<int>?> { null };
        foreach (var (key, value) in entries)
        {
            var state = Root;
            var length = Math.Min(key.Length, MaxDepth);
            for (var i = 0; i < length; i++)
            {
                var c = ContainsIndex.Fold(key[fromEnd ? key.Length - 1 - i : i]);
                if (!children[state].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    values.Add(null);
                    children[state][c] = next;
                }

                state = next;
            }

            (values[state] ??= []).Add(value);
        }

        _edgeStart = new int[children.Count + 1];
        _edgeChars = new char[children.Sum(c => c.Count)];
        _edgeTargets = new int[_edgeChars.Length];
        var at = 0;
        for (var s = 0; s < children.Count; s++)
        {
            _edgeStart[s] = at;
            foreach (var (c, next) in children[s])
            {
                _edgeChars[at] = c;
                _edgeTargets[at++] = next;
            }
        }

        _edgeStart[children.Count] = at;
        _values = [.. values.Select(v => v?.ToArray())];
        for (var c = 0; c < 128; c++)
        {
            _rootAscii[c] = Step(Root, (char)c);
        }

        IsEmpty = children[Root].Count == 0 && _values[Root] is null;
    }

    public bool IsEmpty { get; }

    /// <summary>Whether a literal can be held: see <see cref="ContainsIndex.CanFold"/>.</summary>
    public static bool CanHold(string literal) => ContainsIndex.CanFold(literal);

    /// <summary>Adds the values of every literal that is a folded prefix (suffix) of <paramref name="value"/>.</summary>
    public void Collect(ReadOnlySpan<char> value, MatchScratch scratch)
    {
        var state = Root;
        if (_values[Root] is { } empty)
        {
            scratch.AddCandidates(empty);
        }

        for (var i = 0; i < value.Length && i < MaxDepth; i++)
        {
            state = Next(state, value[_fromEnd ? value.Length - 1 - i : i]);
            if (state < 0)
            {
                return;
            }

            if (_values[state] is { } found)
            {
                scratch.AddCandidates(found);
            }
        }
    }

    /// <summary>Whether <paramref name="accept"/> holds for the value of some literal that is a folded prefix (suffix) of <paramref name="value"/>.</summary>
    public bool Any<TState>(string value, TState state, Func<TState, int, bool> accept)
    {
        var node = Root;
        for (var i = 0; ; i++)
        {
            if (_values[node] is { } found)
            {
                foreach (var candidate in found)
                {
                    if (accept(state, candidate))
                    {
                        return true;
                    }
                }
            }

            if (i >= value.Length || i >= MaxDepth)
            {
                return false;
            }

            node = Next(node, value[_fromEnd ? value.Length - 1 - i : i]);
            if (node < 0)
            {
                return false;
            }
        }
    }

    private int Next(int state, char raw)
    {
        var c = ContainsIndex.Fold(raw);
        return state == Root && c < 128 ? _rootAscii[c] : Step(state, c);
    }

    private int Step(int state, char c) => SortedEdges.Step(_edgeStart, _edgeChars, _edgeTargets, state, c);
}
