using System.Collections.Frozen;
using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.LogSources;

namespace CyberAgg.Rules.Detection;

/// <summary>Evaluates every detection rule of a <see cref="RuleSet"/> against events, through an index.</summary>
/// <remarks>
/// Each rule is filed under an anchor: a field value (exact, prefix, suffix or a contained literal), a literal
/// some value of the event contains (keyword searches), or a field that must be present for the rule to match.
/// Per event the engine walks the event's fields once, first deciding which log sources the event comes from
/// (memoised per distinct value of the few fields the log-source conditions read, see <see cref="LogSourceCache"/>),
/// then looks each field up in the index; a rule becomes a candidate only if its log source holds, and only
/// candidates are evaluated, so cost follows the event's size and the matching rules rather than the rule count.
/// Rules with no derivable anchor (pure negations, regular-expression keyword searches) are candidates for every
/// event of their log source. The index assumes what <see cref="IEventFields"/> implementations do: a field
/// <see cref="IEventFields.TryGet"/> finds is among the enumerated ones. Thread-safe: working memory is per thread.
/// </remarks>
public sealed class DetectionEngine
{
    /// <summary>Up to this many indexed fields, an event whose view allows it is read by looking them up.</summary>
    private const int MaxProbedFields = 24;

    [ThreadStatic]
    private static MatchScratch? t_scratch;

    private readonly DetectionRule[] _rules;
    private readonly int[] _ruleLogSource;
    private readonly LogSourceFilter _logSources;
    private readonly FrozenDictionary<string, FieldSlot> _fields;
    private readonly ContainsIndex? _anyField;
    private readonly int[] _unanchored;

    // With no keyword rules and few indexed fields, the engine looks those fields up instead of walking the event's.
    private readonly (string Name, FieldSlot Slot)[]? _probe;

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
        var anyField = new List<(string, int)>();
        var unanchored = new List<int>();
        var context = PopularityContext(_rules);
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
            var anchors = rule.Predicate.GetAnchors(context);
            if (anchors is null)
            {
                unanchored.Add(i);
                continue;
            }

            foreach (var anchor in anchors.Anchors)
            {
                if (anchor.Field == FieldAnchor.AnyField)
                {
                    anyField.Add((anchor.Key, i));
                    continue;
                }

                if (!entries.TryGetValue(anchor.Field, out var list))
                {
                    entries[anchor.Field] = list = [];
                }

                list.Add((anchor, i));
            }
        }

        _logSources = new LogSourceFilter([.. logSourcePredicates]);
        var fields = entries.ToDictionary(e => e.Key, e => new FieldSlot { Index = new FieldIndex(e.Value) }, StringComparer.Ordinal);
        for (var slot = 0; slot < _logSources.KeyFields.Length; slot++)
        {
            var field = _logSources.KeyFields[slot];
            if (!fields.TryGetValue(field, out var entry))
            {
                fields[field] = entry = new FieldSlot();
            }

            entry.KeySlot = slot;
        }

        // Looked up once per field of every event: frozen string dictionaries hash less of the key.
        _fields = fields.ToFrozenDictionary(StringComparer.Ordinal);

        _anyField = anyField.Count == 0 ? null : new ContainsIndex(anyField);
        if (_anyField is null && fields.Count <= MaxProbedFields)
        {
            _probe = [.. fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value))];
        }

        _unanchored = [.. unanchored];
        IndexedFieldCount = entries.Count;
        KeywordIndexedRuleCount = anyField.Select(e => e.Item2).Distinct().Count();
    }

    public RuleSet Rules { get; }

    /// <summary>Rules evaluated for every event of their log source because no index anchor could be derived.</summary>
    public int UnanchoredRuleCount => _unanchored.Length;

    /// <summary>Distinct fields the index looks up.</summary>
    public int IndexedFieldCount { get; }

    /// <summary>Keyword-search rules found by a literal in any value of the event.</summary>
    public int KeywordIndexedRuleCount { get; }

    /// <summary>True when events whose view allows it are read by looking up the indexed fields (see <see cref="IEventFields.LookupIsExact"/>).</summary>
    internal bool LooksUpFields => _probe is not null;

    /// <summary>Distinct log sources of the rules.</summary>
    public int LogSourceCount => _logSources.Count;

    /// <summary>Appends every rule matching the event to <paramref name="output"/> and returns how many were added.</summary>
    public int Match(IEventFields fields, List<MatchedRule> output)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(output);
        var scratch = t_scratch;
        if (scratch is null || !ReferenceEquals(scratch.Owner, this))
        {
            t_scratch = scratch = NewScratch();
        }

        var candidates = CollectCandidates(fields, scratch);

        // Rule order keeps the output deterministic whatever order the event's fields come in.
        candidates.Sort();
        var added = 0;
        foreach (var candidate in candidates)
        {
            var rule = _rules[candidate];
            if (rule.Predicate.Evaluate(fields))
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
        return CollectCandidates(fields, NewScratch()).Count;
    }

    /// <summary>How many rules file under each anchor when chosen by kind and length alone (see <see cref="AnchorContext"/>).</summary>
    private static AnchorContext PopularityContext(DetectionRule[] rules)
    {
        var popularity = new Dictionary<FieldAnchor, int>();
        foreach (var rule in rules)
        {
            if (rule.Predicate.GetAnchors(AnchorContext.Neutral) is { } anchors)
            {
                foreach (var anchor in anchors.Anchors.Distinct())
                {
                    popularity[anchor] = popularity.GetValueOrDefault(anchor) + 1;
                }
            }
        }

        return new AnchorContext(popularity);
    }

    private static void See(FieldSlot slot, string? value, MatchScratch scratch)
    {
        if (slot.KeySlot >= 0)
        {
            scratch.SeeKey(slot.KeySlot);
        }

        if (slot.Index is { } index)
        {
            scratch.AddField(index, value);
        }
    }

    private MatchScratch NewScratch() => new(this, _logSources, _ruleLogSource);

    /// <summary>The rules whose log source holds and whose anchor the event meets (log sources checked here).</summary>
    private List<int> CollectCandidates(IEventFields fields, MatchScratch scratch)
    {
        scratch.Begin();
        if (_probe is { } probe && fields.LookupIsExact)
        {
            // Enumerating a view may format every field it has (times, numbers); the rules read only these few.
            foreach (var (name, slot) in probe)
            {
                if (fields.TryGet(name, out var value))
                {
                    See(slot, value, scratch);
                }
            }
        }
        else
        {
            var count = fields.FieldCount;
            for (var i = 0; i < count; i++)
            {
                if (_fields.TryGetValue(fields.GetName(i), out var slot))
                {
                    See(slot, fields.GetValue(i), scratch);
                }
            }
        }

        scratch.SelectLogSources(fields);
        for (var i = 0; i < scratch.PendingCount; i++)
        {
            scratch.PendingIndex(i).Collect(scratch.PendingValue(i), scratch);
        }

        if (_anyField is { } anyField)
        {
            var count = fields.FieldCount;
            for (var i = 0; i < count; i++)
            {
                if (fields.GetValue(i) is { } value)
                {
                    anyField.Collect(value, scratch);
                }
            }
        }

        scratch.AddCandidates(_unanchored);
        return scratch.Candidates;
    }
}
