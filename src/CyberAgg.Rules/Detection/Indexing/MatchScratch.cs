namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>Per-thread working memory for one match call: candidate de-duplication and log-source memo.</summary>
/// <remarks>
/// Generation stamps make clearing free: an entry counts only if its stamp equals the current
/// generation, so nothing is reset between events.
/// </remarks>
internal sealed class MatchScratch
{
    private readonly int[] _ruleStamp;
    private readonly int[] _logSourceStamp;
    private readonly bool[] _logSourceResult;
    private int _generation;

    public MatchScratch(object owner, int ruleCount, int logSourceCount)
    {
        Owner = owner;
        _ruleStamp = new int[ruleCount];
        _logSourceStamp = new int[logSourceCount];
        _logSourceResult = new bool[logSourceCount];
        Candidates = new List<int>(Math.Min(ruleCount, 256));
    }

    public object Owner { get; }

    public List<int> Candidates { get; }

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
    }

    public void AddCandidates(int[] rules)
    {
        var generation = _generation;
        foreach (var rule in rules)
        {
            if (_ruleStamp[rule] != generation)
            {
                _ruleStamp[rule] = generation;
                Candidates.Add(rule);
            }
        }
    }

    public bool TryGetLogSource(int id, out bool result)
    {
        result = _logSourceResult[id];
        return _logSourceStamp[id] == _generation;
    }

    public void SetLogSource(int id, bool result)
    {
        _logSourceStamp[id] = _generation;
        _logSourceResult[id] = result;
    }
}
