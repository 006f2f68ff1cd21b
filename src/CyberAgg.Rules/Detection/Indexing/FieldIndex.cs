namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>Candidate rules for one field, found by exact value, value prefix, value suffix, a contained literal or mere presence.</summary>
/// <remarks>
/// Prefix and suffix keys sit in two tries (<see cref="AffixTrie"/>), so one walk from each end of the value finds
/// them all; exact keys are one span-based dictionary lookup, so no substring is allocated.
/// </remarks>
internal sealed class FieldIndex
{
    private readonly int[] _present;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly AffixTrie? _prefix;
    private readonly AffixTrie? _suffix;
    private readonly bool _hasExact;
    private readonly ContainsIndex? _contains;

    public FieldIndex(IEnumerable<(FieldAnchor Anchor, int Rule)> entries)
    {
        var present = new HashSet<int>();
        var exact = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
        var prefix = new List<(string, int)>();
        var suffix = new List<(string, int)>();
        var contains = new List<(string, int)>();
        foreach (var (anchor, rule) in entries)
        {
            switch (anchor.Kind)
            {
                case AnchorKind.Exact:
                    Add(exact, anchor.Key, rule);
                    break;
                case AnchorKind.Prefix:
                    // Cut before a surrogate when the trie's folding might not treat it as OrdinalIgnoreCase does.
                    var head = AffixTrie.CanHold(anchor.Key) ? -1 : anchor.Key.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
                    prefix.Add((head < 0 ? anchor.Key : anchor.Key[..head], rule));
                    break;
                case AnchorKind.Suffix:
                    var tail = AffixTrie.CanHold(anchor.Key) ? -1 : anchor.Key.AsSpan().LastIndexOfAnyInRange('\uD800', '\uDFFF');
                    suffix.Add((tail < 0 ? anchor.Key : anchor.Key[(tail + 1)..], rule));
                    break;
                case AnchorKind.Contains:
                    contains.Add((anchor.Key, rule));
                    break;
                default:
                    present.Add(rule);
                    break;
            }
        }

        _present = [.. present.Order()];
        _hasExact = exact.Count > 0;
        _exact = Freeze(exact).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefix = prefix.Count == 0 ? null : new AffixTrie(prefix, fromEnd: false);
        _suffix = suffix.Count == 0 ? null : new AffixTrie(suffix, fromEnd: true);
        _contains = contains.Count == 0 ? null : new ContainsIndex(contains);
        RuleCount = present.Count + exact.Values.Sum(s => s.Count) + prefix.Count + suffix.Count + contains.Count;
    }

    /// <summary>Index entries in this field (a rule anchored on several keys counts once per key).</summary>
    public int RuleCount { get; }

    public void Collect(string? value, MatchScratch scratch)
    {
        scratch.AddCandidates(_present);
        if (value is null)
        {
            return;
        }

        var span = value.AsSpan();
        if (_hasExact && _exact.TryGetValue(span, out var exact))
        {
            scratch.AddCandidates(exact);
        }

        _contains?.Collect(span, scratch);
        _prefix?.Collect(span, scratch);
        _suffix?.Collect(span, scratch);
    }

    private static void Add(Dictionary<string, HashSet<int>> map, string key, int rule)
    {
        if (!map.TryGetValue(key, out var set))
        {
            map[key] = set = [];
        }

        set.Add(rule);
    }

    private static Dictionary<string, int[]> Freeze(Dictionary<string, HashSet<int>> map) =>
        map.ToDictionary(e => e.Key, e => e.Value.Order().ToArray(), StringComparer.OrdinalIgnoreCase);
}
