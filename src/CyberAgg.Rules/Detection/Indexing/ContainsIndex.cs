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

    // Above this many dense entries (states times character classes) the automaton stays sparse only.
    private const int MaxDenseEntries = 1 << 20;

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

    // Dense transitions for ASCII text over the classes of characters the needles use (class 0: none does), when
    // small enough: one table read per character instead of an edge search and failure links.
    private readonly ushort[]? _dense;
    private readonly byte[] _classOf = new byte[128];
    private readonly int _classes;

    // A value shorter than every needle contains none (most values an any-field search sees are short).
    private readonly int _shortest;

    /// <param name="entries">Needles and the rule each one anchors.</param>
    /// <param name="dense">False keeps the sparse automaton only (the path large automata take; for tests).</param>
    public ContainsIndex(IEnumerable<(string Needle, int Rule)> entries, bool dense = true)
    {
        var children = new List<SortedDictionary<char, int>> { new() };
        var rules = new List<HashSet<int>?> { null };
        var shortest = MaxNeedleLength;
        foreach (var (needle, rule) in entries)
        {
            var state = Root;
            var length = Math.Min(needle.Length, MaxNeedleLength);
            shortest = Math.Min(shortest, length);
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
        var order = new List<int>(count) { Root };
        foreach (var (_, next) in children[Root])
        {
            _fail[next] = Root;
            queue.Enqueue(next);
        }

        // Breadth first, so a state's failure target is finished before the state.
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            order.Add(s);
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
        _shortest = shortest;
        (_dense, _classes) = dense ? BuildDense(order) : (null, 0);
    }

    /// <summary>Distinct (cut) needles in the automaton.</summary>
    public int NeedleCount { get; }

    /// <summary>Adds every rule one of whose needles occurs in <paramref name="value"/>.</summary>
    public void Collect(ReadOnlySpan<char> value, MatchScratch scratch)
    {
        if (value.Length < _shortest)
        {
            return;
        }

        var dense = _dense;
        var classes = _classes;
        var classOf = _classOf;
        var state = Root;
        foreach (var raw in value)
        {
            state = dense is not null && raw < 128 ? dense[(state * classes) + classOf[raw]] : Next(state, Fold(raw));
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

    /// <summary>The goto-or-fail step of the sparse automaton for one folded character.</summary>
    private int Next(int state, char c)
    {
        while (true)
        {
            if (state == Root)
            {
                return c < 128 ? _rootAscii[c] : Math.Max(Root, Step(Root, c));
            }

            var next = Step(state, c);
            if (next >= 0)
            {
                return next;
            }

            state = _fail[state];
        }
    }

    /// <summary>Dense ASCII transitions in breadth-first order, so a state's failure target is filled before it.</summary>
    private (ushort[]? Dense, int Classes) BuildDense(List<int> order)
    {
        var representative = new List<char> { '\0' };
        for (var raw = 0; raw < 128; raw++)
        {
            if (Fold((char)raw) == raw && Array.IndexOf(_edgeChars, (char)raw) >= 0)
            {
                _classOf[raw] = (byte)representative.Count;
                representative.Add((char)raw);
            }
        }

        for (var raw = 0; raw < 128; raw++)
        {
            _classOf[raw] = _classOf[Fold((char)raw)];
        }

        var classes = representative.Count;
        var states = _fail.Length;
        if (states > ushort.MaxValue || (long)states * classes > MaxDenseEntries)
        {
            return (null, classes);
        }

        var dense = new ushort[states * classes];
        foreach (var s in order)
        {
            for (var k = 1; k < classes; k++)
            {
                var next = Step(s, representative[k]);
                dense[(s * classes) + k] = (ushort)(next >= 0 ? next : s == Root ? Root : dense[(_fail[s] * classes) + k]);
            }
        }

        return (dense, classes);
    }

    private int Step(int state, char c) => SortedEdges.Step(_edgeStart, _edgeChars, _edgeTargets, state, c);
}
