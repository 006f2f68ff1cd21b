using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.LogSources;

namespace CyberAgg.Rules.Detection;

/// <summary>Evaluates every detection rule of a <see cref="RuleSet"/> against events, through an index.</summary>
/// <remarks>
/// Each rule is filed under an anchor: a field value (exact, prefix or suffix) or a field that must be
/// present for the rule to match. Per event the engine walks the event's fields, looks each up in the
/// index and evaluates only the candidate rules, so cost follows the event's size and the matching
/// rules rather than the rule count. Rules with no derivable anchor (pure negations, keyword
/// searches) are evaluated for every event. Log-source conditions are evaluated at most once per
/// distinct log source per event. Thread-safe: working memory is per thread.
/// </remarks>
public sealed class DetectionEngine
{
    [ThreadStatic]
    private static MatchScratch? t_scratch;

    private readonly DetectionRule[] _rules;
    private readonly int[] _ruleLogSource;
    private readonly EventPredicate?[] _logSources;
    private readonly Dictionary<string, FieldIndex> _fields;
    private readonly int[] _unanchored;

    public DetectionEngine(RuleSet rules, LogSourceMapping? logSources = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var mapping = logSources ?? LogSourceMapping.Default;
        Rules = rules;
        _rules = [.. rules.DetectionRules];
        _ruleLogSource = new int[_rules.Length];
        var logSourceIds = new Dictionary<LogSource, int>();
        var logSourcePredicates = new List<EventPredicate?>();
        var entries = new Dictionary<string, List<(FieldAnchor, int)>>(StringComparer.Ordinal);
        var unanchored = new List<int>();
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (!logSourceIds.TryGetValue(rule.LogSource, out var id))
            {
                id = logSourcePredicates.Count;
                logSourceIds.Add(rule.LogSource, id);
                var predicate = mapping.Compile(rule.LogSource);
                // A constant-true log source needs no evaluation at all.
                logSourcePredicates.Add(ReferenceEquals(predicate, ConstantPredicate.True) ? null : predicate);
            }

            _ruleLogSource[i] = id;
            var anchors = rule.Predicate.GetAnchors();
            if (anchors is null)
            {
                unanchored.Add(i);
                continue;
            }

            foreach (var anchor in anchors.Anchors)
            {
                if (!entries.TryGetValue(anchor.Field, out var list))
                {
                    entries[anchor.Field] = list = [];
                }

                list.Add((anchor, i));
            }
        }

        _logSources = [.. logSourcePredicates];
        _fields = entries.ToDictionary(e => e.Key, e => new FieldIndex(e.Value), StringComparer.Ordinal);
        _unanchored = [.. unanchored];
    }

    public RuleSet Rules { get; }

    /// <summary>Rules evaluated for every event because no index anchor could be derived.</summary>
    public int UnanchoredRuleCount => _unanchored.Length;

    /// <summary>Distinct fields the index looks up.</summary>
    public int IndexedFieldCount => _fields.Count;

    /// <summary>Appends every rule matching the event to <paramref name="output"/> and returns how many were added.</summary>
    public int Match(IEventFields fields, List<MatchedRule> output)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(output);
        var scratch = t_scratch;
        if (scratch is null || !ReferenceEquals(scratch.Owner, this))
        {
            t_scratch = scratch = new MatchScratch(this, _rules.Length, _logSources.Length);
        }

        scratch.Begin();
        var count = fields.FieldCount;
        for (var i = 0; i < count; i++)
        {
            if (_fields.TryGetValue(fields.GetName(i), out var index))
            {
                index.Collect(fields.GetValue(i), scratch);
            }
        }

        scratch.AddCandidates(_unanchored);
        var candidates = scratch.Candidates;

        // Rule order keeps the output deterministic whatever order the event's fields come in.
        candidates.Sort();
        var added = 0;
        foreach (var candidate in candidates)
        {
            var rule = _rules[candidate];
            if (LogSourceMatches(_ruleLogSource[candidate], fields, scratch) && rule.Predicate.Evaluate(fields))
            {
                output.Add(new MatchedRule(rule));
                added++;
            }
        }

        return added;
    }

    /// <summary>How many rules the index would evaluate for this event (for benchmarks and diagnostics).</summary>
    public int CountCandidates(IEventFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var scratch = new MatchScratch(this, _rules.Length, _logSources.Length);
        scratch.Begin();
        for (var i = 0; i < fields.FieldCount; i++)
        {
            if (_fields.TryGetValue(fields.GetName(i), out var index))
            {
                index.Collect(fields.GetValue(i), scratch);
            }
        }

        scratch.AddCandidates(_unanchored);
        return scratch.Candidates.Count;
    }

    private bool LogSourceMatches(int id, IEventFields fields, MatchScratch scratch)
    {
        var predicate = _logSources[id];
        if (predicate is null)
        {
            return true;
        }

        if (scratch.TryGetLogSource(id, out var cached))
        {
            return cached;
        }

        var result = predicate.Evaluate(fields);
        scratch.SetLogSource(id, result);
        return result;
    }
}
