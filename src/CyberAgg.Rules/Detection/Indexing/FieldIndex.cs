namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>Candidate rules for one field, found by exact value, value prefix, value suffix, a contained literal or mere presence.</summary>
/// <remarks>
/// Prefix and suffix keys are truncated to <see cref="MaxKeyLength"/> characters; a lookup probes once
/// per distinct key length, with span-based dictionary lookups so no substring is allocated.
/// </remarks>
internal sealed class FieldIndex
{
    public const int MaxKeyLength = 12;

    private readonly int[] _present;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _prefix;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _suffix;
    private readonly int[] _prefixLengths;
    private readonly int[] _suffixLengths;
    private readonly bool _hasExact;
    private readonly ContainsIndex? _contains;

    public FieldIndex(IEnumerable<(FieldAnchor Anchor, int Rule)> entries)
    {
        var present = new HashSet<int>();
        var exact = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
        var prefix = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
        var suffix = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
        var contains = new List<(string, int)>();
        foreach (var (anchor, rule) in entries)
        {
            switch (anchor.Kind)
            {
                case AnchorKind.Exact:
                    Add(exact, anchor.Key, rule);
                    break;
                case AnchorKind.Prefix:
                    Add(prefix, anchor.Key[..Math.Min(anchor.Key.Length, MaxKeyLength)], rule);
                    break;
                case AnchorKind.Suffix:
                    Add(suffix, anchor.Key[^Math.Min(anchor.Key.Length, MaxKeyLength)..], rule);
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
        _prefix = Freeze(prefix).GetAlternateLookup<ReadOnlySpan<char>>();
        _suffix = Freeze(suffix).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixLengths = [.. prefix.Keys.Select(k => k.Length).Distinct().Order()];
        _suffixLengths = [.. suffix.Keys.Select(k => k.Length).Distinct().Order()];
        _contains = contains.Count == 0 ? null : new ContainsIndex(contains);
        RuleCount = present.Count + exact.Values.Sum(s => s.Count) + prefix.Values.Sum(s => s.Count) + suffix.Values.Sum(s => s.Count) + contains.Count;
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
        foreach (var length in _prefixLengths)
        {
            if (length > span.Length)
            {
                break;
            }

            if (_prefix.TryGetValue(span[..length], out var rules))
            {
                scratch.AddCandidates(rules);
            }
        }

        foreach (var length in _suffixLengths)
        {
            if (length > span.Length)
            {
                break;
            }

            if (_suffix.TryGetValue(span[^length..], out var rules))
            {
                scratch.AddCandidates(rules);
            }
        }
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
