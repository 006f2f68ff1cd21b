using System.Buffers;
using System.Text;

namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>
/// Candidate rules for one field by the literals their <c>contains</c> values need, all found in one pass over the
/// field's value (Aho–Corasick over case-folded characters).
/// </summary>
/// <remarks>
/// Folding is <see cref="char.ToUpperInvariant"/> per character, which merges at least what
/// <see cref="StringComparison.OrdinalIgnoreCase"/> merges, so the index can only over-report: a candidate is still
/// evaluated by its own matcher. Needles are cut to <see cref="MaxNeedleLength"/> characters (a substring of a
/// needle is as necessary as the needle) to bound the automaton.
/// </remarks>
internal sealed class ContainsIndex
{
    public const int MaxNeedleLength = 24;

    private const int Root = 0;

    // Transitions of the root for ASCII, the common first character: no search there.
    private readonly int[] _rootAscii = new int[128];

    // Per state: its edges [EdgeStart[s], EdgeStart[s + 1]) in EdgeChars/EdgeTargets, sorted by character.
    private readonly int[] _edgeStart;
    private readonly char[] _edgeChars;
    private readonly int[] _edgeTargets;
    private readonly int[] _fail;

    // The nearest state on the failure chain (itself included) that ends a needle, or -1.
    private readonly int[] _output;
    private readonly int[]?[] _rules;

    public ContainsIndex(IEnumerable<(string Needle, int Rule)> entries)
    {
        var children = new List<SortedDictionary<char, int>> { new() };
        var rules = new List<HashSet<int>?> { null };
        foreach (var (needle, rule) in entries)
        {
            var state = Root;
            var length = Math.Min(needle.Length, MaxNeedleLength);
            for (var i = 0; i < length; i++)
            {
                var c = Fold(needle[i]);
                if (!children[state].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    rules.Add(null);
                    children[state][c] = next;
                }

                state = next;
            }

            (rules[state] ??= []).Add(rule);
        }

        var count = children.Count;
        _edgeStart = new int[count + 1];
        var edges = children.Sum(c => c.Count);
        _edgeChars = new char[edges];
        _edgeTargets = new int[edges];
        var at = 0;
        for (var s = 0; s < count; s++)
        {
            _edgeStart[s] = at;
            foreach (var (c, next) in children[s])
            {
                _edgeChars[at] = c;
                _edgeTargets[at++] = next;
            }
        }

        _edgeStart[count] = at;
        _rules = [.. rules.Select(r => r?.Order().ToArray())];
        _fail = new int[count];
        _output = new int[count];
        _output[Root] = -1;
        var queue = new Queue<int>();
        foreach (var (_, next) in children[Root])
        {
            _fail[next] = Root;
            queue.Enqueue(next);
        }

        // Breadth first, so a state's failure target is finished before the state.
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            _output[s] = _rules[s] is not null ? s : _output[_fail[s]];
            foreach (var (c, next) in children[s])
            {
                var f = _fail[s];
                var target = Step(f, c);
                while (target < 0 && f != Root)
                {
                    f = _fail[f];
                    target = Step(f, c);
                }

                _fail[next] = target < 0 || target == next ? Root : target;
                queue.Enqueue(next);
            }
        }

        for (var c = 0; c < 128; c++)
        {
            _rootAscii[c] = Math.Max(Root, Step(Root, (char)c));
        }

        NeedleCount = rules.Count(r => r is not null);
    }

    /// <summary>Distinct (cut) needles in the automaton.</summary>
    public int NeedleCount { get; }

    /// <summary>Adds every rule one of whose needles occurs in <paramref name="value"/>.</summary>
    public void Collect(ReadOnlySpan<char> value, MatchScratch scratch)
    {
        var state = Root;
        foreach (var raw in value)
        {
            var c = Fold(raw);
            while (true)
            {
                if (state == Root)
                {
                    state = c < 128 ? _rootAscii[c] : Math.Max(Root, Step(Root, c));
                    break;
                }

                var next = Step(state, c);
                if (next >= 0)
                {
                    state = next;
                    break;
                }

                state = _fail[state];
            }

            for (var o = _output[state]; o > Root; o = _output[_fail[o]])
            {
                scratch.AddCandidates(_rules[o]!);
            }
        }
    }

    /// <summary>
    /// Whether <see cref="Fold"/> merges at least what <see cref="StringComparison.OrdinalIgnoreCase"/> merges for
    /// this literal: always for single UTF-16 units, and for surrogate pairs whose character has no case (emoji,
    /// symbols), which folding leaves as they are; not for a cased supplementary letter or a lone surrogate.
    /// </summary>
    public static bool CanFold(ReadOnlySpan<char> literal)
    {
        var at = literal.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (Rune.DecodeFromUtf16(literal[at..], out var rune, out var length) != OperationStatus.Done
                || Rune.ToUpperInvariant(rune) != rune || Rune.ToLowerInvariant(rune) != rune)
            {
                return false;
            }

            literal = literal[(at + length)..];
            at = literal.IndexOfAnyInRange('\uD800', '\uDFFF');
        }

        return true;
    }

    /// <summary>The index's case folding; see the remarks.</summary>
    public static char Fold(char c) => c < 128 ? (c is >= 'a' and <= 'z' ? (char)(c - 32) : c) : char.ToUpperInvariant(c);

    private int Step(int state, char c)
    {
        var end = _edgeStart[state + 1];
        for (var i = _edgeStart[state]; i < end; i++)
        {
            var edge = _edgeChars[i];
            if (edge == c)
            {
                return _edgeTargets[i];
            }

            if (edge > c)
            {
                break;
            }
        }

        return -1;
    }
}
