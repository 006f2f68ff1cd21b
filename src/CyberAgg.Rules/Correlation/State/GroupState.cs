namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// The sliding window of one correlation group: observations sorted by event time, with the
/// aggregates every correlation type needs kept up to date as observations enter and leave.
/// </summary>
internal sealed class GroupState
{
    private const int FixedBytes = 320;
    private const int BytesPerObservation = 96;

    private readonly List<Observation> _observations = [];
    private readonly ValueCounter[] _values;
    private readonly ValueCounter[] _context;
    private readonly int[] _ruleCounts;
    private int _head;
    private double _sum;
    private int _numericCount;

    public GroupState(string key, string[] groupValues, int valueFields, int contextFields, int inputs)
    {
        Key = key;
        GroupValues = groupValues;
        _values = CreateCounters(valueFields);
        _context = CreateCounters(contextFields);
        _ruleCounts = new int[inputs];
    }

    public string Key { get; }

    public string[] GroupValues { get; }

    /// <summary>Latest event time observed in the current window.</summary>
    public DateTimeOffset Latest { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Evidence up to this event time belongs to an alert already raised.</summary>
    public DateTimeOffset SuppressUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Start of the open window of a whole-window rule; null when none is open.</summary>
    public DateTimeOffset? WindowStart { get; set; }

    public LinkedListNode<GroupState>? Node { get; set; }

    public int Count => _observations.Count - _head;

    public long ApproximateBytes
    {
        get
        {
            long chars = Key.Length;
            foreach (var counter in _values)
            {
                chars += counter.CharCount;
            }

            foreach (var counter in _context)
            {
                chars += counter.CharCount;
            }

            return FixedBytes + (chars * 2) + ((long)Count * BytesPerObservation);
        }
    }

    public ValueCounter Values(int field) => _values[field];

    public ValueCounter Context(int field) => _context[field];

    public double Sum => _sum;

    public int NumericCount => _numericCount;

    public Observation this[int index] => _observations[_head + index];

    /// <summary>Adds an observation in event-time order; returns how many old ones were dropped to stay bounded.</summary>
    public int Add(in Observation observation, TimeSpan timespan, int maxObservations)
    {
        var index = _observations.Count;
        while (index > _head && _observations[index - 1].Time > observation.Time)
        {
            index--;
        }

        _observations.Insert(index, observation);
        Apply(observation, +1);
        if (observation.Time > Latest)
        {
            Latest = observation.Time;
        }

        var dropped = 0;
        var horizon = Latest - timespan;
        while (Count > 0 && (_observations[_head].Time < horizon || Count > maxObservations))
        {
            if (_observations[_head].Time >= horizon)
            {
                dropped++;
            }

            RemoveOldest();
        }

        Compact();
        return dropped;
    }

    /// <summary>Whether the window already holds this event (same id at the same event time).</summary>
    public bool Contains(DateTimeOffset time, string eventId)
    {
        for (var i = _observations.Count - 1; i >= _head; i--)
        {
            var observation = _observations[i];
            if (observation.Time < time)
            {
                return false;
            }

            if (observation.Time == time && string.Equals(observation.EventId, eventId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Number of referenced rules seen in the window (temporal).</summary>
    public int DistinctRules()
    {
        var seen = 0;
        foreach (var count in _ruleCounts)
        {
            if (count > 0)
            {
                seen++;
            }
        }

        return seen;
    }

    /// <summary>Length of the longest prefix of the rule list seen in order (temporal_ordered).</summary>
    public int OrderedPrefix(int ruleCount)
    {
        var next = 0;
        for (var i = _head; i < _observations.Count && next < ruleCount; i++)
        {
            if ((_observations[i].RuleMask & (1UL << next)) != 0)
            {
                next++;
            }
        }

        return next;
    }

    /// <summary>Forgets every observation, after an alert has consumed them as evidence.</summary>
    public void Clear()
    {
        _observations.Clear();
        _head = 0;
        foreach (var counter in _values)
        {
            counter.Clear();
        }

        foreach (var counter in _context)
        {
            counter.Clear();
        }

        Array.Clear(_ruleCounts);
        _sum = 0;
        _numericCount = 0;
    }

    private static ValueCounter[] CreateCounters(int count)
    {
        var counters = new ValueCounter[count];
        for (var i = 0; i < count; i++)
        {
            counters[i] = new ValueCounter();
        }

        return counters;
    }

    private void RemoveOldest()
    {
        Apply(_observations[_head], -1);
        _observations[_head] = default;
        _head++;
    }

    private void Compact()
    {
        if (_head > 32 && _head * 2 > _observations.Count)
        {
            _observations.RemoveRange(0, _head);
            _head = 0;
        }
    }

    private void Apply(in Observation observation, int direction)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            if (direction > 0)
            {
                _values[i].Add(observation.Value(i));
            }
            else
            {
                _values[i].Remove(observation.Value(i));
            }
        }

        for (var i = 0; i < _context.Length; i++)
        {
            if (direction > 0)
            {
                _context[i].Add(observation.ContextValue(i));
            }
            else
            {
                _context[i].Remove(observation.ContextValue(i));
            }
        }

        for (var bit = 0; bit < _ruleCounts.Length; bit++)
        {
            if ((observation.RuleMask & (1UL << bit)) != 0)
            {
                _ruleCounts[bit] += direction;
            }
        }

        if (!double.IsNaN(observation.Number))
        {
            _sum += direction * observation.Number;
            _numericCount += direction;
        }
    }
}
