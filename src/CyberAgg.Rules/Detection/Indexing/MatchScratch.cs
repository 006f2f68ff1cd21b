using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>Per-thread working memory for one match call: candidate de-duplication and the event's log sources.</summary>
/// <remarks>
/// Generation stamps make clearing free: an entry counts only if its stamp equals the current
/// generation, so nothing is reset between events. With a <see cref="LogSourceFilter"/>, a rule becomes a
/// candidate only when the event comes from the rule's log source, decided before the rule's own predicate.
/// </remarks>
internal sealed class MatchScratch
{
    private readonly int[] _ruleStamp;
    private readonly int[] _logSourceStamp;
    private readonly bool[] _logSourceResult;
    private readonly LogSourceFilter? _filter;
    private readonly LogSourceCache? _cache;
    private readonly int[]? _ruleLogSource;
    private readonly LogSourceKey[] _keyStates;
    private readonly string?[] _keyValues;
    private readonly bool[] _keySeen;
    private FieldIndex[] _pendingIndex = new FieldIndex[16];
    private string?[] _pendingValue = new string?[16];
    private sbyte[]? _logSources;
    private IEventFields? _fields;
    private int _generation;

    /// <summary>Without log sources: every rule added is a candidate (the index alone, for tests).</summary>
    public MatchScratch(object owner, int ruleCount, int logSourceCount)
    {
        Owner = owner;
        _ruleStamp = new int[ruleCount];
        _logSourceStamp = new int[logSourceCount];
        _logSourceResult = new bool[logSourceCount];
        _keyStates = [];
        _keyValues = [];
        _keySeen = [];
        Candidates = new List<int>(Math.Min(ruleCount, 256));
    }

    /// <summary>With log sources: <paramref name="ruleLogSource"/> gives each rule's log-source id in <paramref name="filter"/>.</summary>
    public MatchScratch(object owner, LogSourceFilter filter, int[] ruleLogSource)
        : this(owner, ruleLogSource.Length, filter.Count)
    {
        _filter = filter;
        _cache = new LogSourceCache(filter);
        _ruleLogSource = ruleLogSource;
        _keyStates = new LogSourceKey[filter.KeyFields.Length];
        _keyValues = new string?[filter.KeyFields.Length];
        _keySeen = new bool[filter.KeyFields.Length];
    }

    public object Owner { get; }

    public List<int> Candidates { get; }

    /// <summary>Indexed fields of the event, gathered by <see cref="AddField"/> before the log sources are known.</summary>
    public int PendingCount { get; private set; }

    /// <summary>Distinct event kinds in the log-source memo (for tests).</summary>
    public int LogSourceKinds => _cache?.Count ?? 0;

    public void Begin()
    {
        if (_generation == int.MaxValue)
        {
            Array.Clear(_ruleStamp);
            Array.Clear(_logSourceStamp);
            _generation = 0;
        }

        _generation++;
        Candidates.Clear();
        PendingCount = 0;
        _logSources = null;
        _fields = null;
        Array.Clear(_keyStates);
        Array.Clear(_keyValues);
        Array.Clear(_keySeen);
    }

    /// <summary>Notes that the event has a log-source key field; its value is read once the walk is done.</summary>
    public void SeeKey(int slot) => _keySeen[slot] = true;

    /// <summary>Queues an indexed field for collection once the log sources are known.</summary>
    public void AddField(FieldIndex index, string? value)
    {
        if (PendingCount == _pendingIndex.Length)
        {
            Array.Resize(ref _pendingIndex, PendingCount * 2);
            Array.Resize(ref _pendingValue, PendingCount * 2);
        }

        _pendingIndex[PendingCount] = index;
        _pendingValue[PendingCount++] = value;
    }

    public FieldIndex PendingIndex(int i) => _pendingIndex[i];

    public string? PendingValue(int i) => _pendingValue[i];

    /// <summary>
    /// Fixes the event's log sources from the key fields seen; from here on, candidates are filtered. The values are
    /// read with <see cref="IEventFields.TryGet"/>, what the conditions read, so a field listed twice or listed but
    /// shadowed cannot make two events that the conditions tell apart share a memo entry.
    /// </summary>
    public void SelectLogSources(IEventFields fields)
    {
        var filter = _filter!;
        for (var slot = 0; slot < _keySeen.Length; slot++)
        {
            if (!_keySeen[slot] || !fields.TryGet(filter.KeyFields[slot], out var value))
            {
                continue;
            }

            if (!filter.KeyReadsValue[slot])
            {
                _keyStates[slot] = LogSourceKey.Present;
            }
            else if (value is null)
            {
                _keyStates[slot] = LogSourceKey.Null;
            }
            else
            {
                _keyStates[slot] = LogSourceKey.Value;
                _keyValues[slot] = value;
            }
        }

        _fields = fields;
        _logSources = _cache!.Find(_keyStates, _keyValues);
    }

    public void AddCandidates(int[] rules)
    {
        var generation = _generation;
        foreach (var rule in rules)
        {
            if (_ruleStamp[rule] != generation)
            {
                _ruleStamp[rule] = generation;
                if (_logSources is null || LogSourceMatches(_ruleLogSource![rule]))
                {
                    Candidates.Add(rule);
                }
            }
        }
    }

    private bool LogSourceMatches(int id)
    {
        var known = _logSources![id];
        if (known != 0)
        {
            return known > 0;
        }

        if (_filter!.IsMemoised(id))
        {
            var result = _filter.Evaluate(id, _fields!);
            _logSources[id] = result ? (sbyte)1 : (sbyte)-1;
            return result;
        }

        if (_logSourceStamp[id] != _generation)
        {
            _logSourceStamp[id] = _generation;
            _logSourceResult[id] = _filter.Evaluate(id, _fields!);
        }

        return _logSourceResult[id];
    }
}
