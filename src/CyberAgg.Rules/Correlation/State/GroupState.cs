namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// The sliding window of one correlation group: observations sorted by event time, with the
/// aggregates every correlation type needs kept up to date as observations enter and leave.
/// </summary>
/// <remarks>
/// Observations live in one array from <c>_head</c> to <c>_end</c>; their value fields, then context fields, sit in
/// <c>_cells</c>, <see cref="Width"/> per observation at the same index, so adding an observation copies a few
/// references into arrays the group reuses instead of allocating.
/// </remarks>
internal sealed class GroupState
{
    private const int FixedBytes = 320;
    private const int BytesPerObservation = 96;

    private readonly ValueCounter[] _values;
    private readonly ValueCounter[] _context;
    private readonly int[] _ruleCounts;
    private Observation[] _items = [];
    private string?[] _cells = [];
    private int _head;
    private int _end;
    private double _sum;
    private int _numericCount;

    public GroupState(string key, string[] groupValues, int valueFields, int contextFields, int inputs)
    {
        Key = key;
        GroupValues = groupValues;
        _values = CreateCounters(valueFields);
        _context = CreateCounters(contextFields);
        _ruleCounts = new int[inputs];
        Width = valueFields + contextFields;
    }

    public string Key { get; private set; }

    public string[] GroupValues { get; private set; }

    /// <summary>Cells per observation: the value fields, then the context fields.</summary>
    public int Width { get; }

    /// <summary>Latest event time observed in the current window.</summary>
    public DateTimeOffset Latest { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Evidence up to this event time belongs to an alert already raised.</summary>
    public DateTimeOffset SuppressUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Start of the open window of a whole-window rule; null when none is open.</summary>
    public DateTimeOffset? WindowStart { get; set; }

    /// <summary>The rule state's recency stamp of the last update (larger is more recent).</summary>
    public long Touched { get; set; }

    /// <summary>False once the rule state dropped the group (evicted or expired).</summary>
    public bool Live { get; set; } = true;

    /// <summary>
    /// Early firing: the same window over events as they arrive, ahead of the watermark (lower-bound rules only);
    /// null while it holds nothing (the rule state pools empty ones).
    /// </summary>
    public GroupState? Early { get; set; }

    /// <summary>Early firing: events as they arrive up to this time belong to an alert already raised early.</summary>
    public DateTimeOffset EarlySuppressUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>Alerts raised early for this group that the watermark has not yet decided; null when none.</summary>
    public List<CorrelationAlert>? PendingEarly { get; set; }

    public int Count => _end - _head;

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

    public Observation this[int index] => _items[_head + index];

    /// <summary>Value field <paramref name="field"/> of the observation at <paramref name="index"/>.</summary>
    public string? Value(int index, int field) => _cells[((_head + index) * Width) + field];

    /// <summary>
    /// Adds an observation in event-time order, its value and context fields read from the snapshot of
    /// <paramref name="fields"/> at the given positions; returns how many old ones were dropped to stay bounded.
    /// </summary>
    public int Add(in Observation observation, BufferedEvent fields, int[] valuePositions, int[] contextPositions, TimeSpan timespan, int maxObservations)
    {
        EnsureRoom();
        var index = _end;
        while (index > _head && _items[index - 1].Time > observation.Time)
        {
            index--;
        }

        var width = Width;
        if (index < _end)
        {
            Array.Copy(_items, index, _items, index + 1, _end - index);
            Array.Copy(_cells, index * width, _cells, (index + 1) * width, (_end - index) * width);
        }

        _items[index] = observation;
        var cell = index * width;
        for (var i = 0; i < valuePositions.Length; i++)
        {
            _cells[cell++] = fields.ValueAt(valuePositions[i]);
        }

        for (var i = 0; i < contextPositions.Length; i++)
        {
            _cells[cell++] = fields.ValueAt(contextPositions[i]);
        }

        _end++;
        Apply(index, +1);
        if (observation.Time > Latest)
        {
            Latest = observation.Time;
        }

        var dropped = 0;
        var horizon = Latest - timespan;
        while (Count > 0 && (_items[_head].Time < horizon || Count > maxObservations))
        {
            if (_items[_head].Time >= horizon)
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
        for (var i = _end - 1; i >= _head; i--)
        {
            ref readonly var observation = ref _items[i];
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
        for (var i = _head; i < _end && next < ruleCount; i++)
        {
            if ((_items[i].RuleMask & (1UL << next)) != 0)
            {
                next++;
            }
        }

        return next;
    }

    /// <summary>Makes a pooled, empty window the window of another group.</summary>
    public void Rebind(string key, string[] groupValues)
    {
        Clear();
        Key = key;
        GroupValues = groupValues;
        Latest = DateTimeOffset.MinValue;
        SuppressUntil = DateTimeOffset.MinValue;
        WindowStart = null;
    }

    /// <summary>Forgets the observations up to <paramref name="time"/> (evidence an alert already absorbed).</summary>
    public void DropThrough(DateTimeOffset time)
    {
        while (Count > 0 && _items[_head].Time <= time)
        {
            RemoveOldest();
        }

        Compact();
    }

    /// <summary>Forgets every observation, after an alert has consumed them as evidence.</summary>
    public void Clear()
    {
        Array.Clear(_items, _head, _end - _head);
        Array.Clear(_cells, _head * Width, (_end - _head) * Width);
        _head = 0;
        _end = 0;
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

    /// <summary>Makes room for one more observation at the end: moves the live ones down, or grows.</summary>
    private void EnsureRoom()
    {
        if (_end < _items.Length)
        {
            return;
        }

        if (_head > 0 && Count < _items.Length / 2)
        {
            MoveDown();
            return;
        }

        var capacity = Math.Max(4, _items.Length * 2);
        var items = new Observation[capacity];
        var cells = new string?[capacity * Width];
        Array.Copy(_items, _head, items, 0, Count);
        Array.Copy(_cells, _head * Width, cells, 0, Count * Width);
        _items = items;
        _cells = cells;
        _end = Count;
        _head = 0;
    }

    private void RemoveOldest()
    {
        Apply(_head, -1);
        _items[_head] = default;
        Array.Clear(_cells, _head * Width, Width);
        _head++;
    }

    private void Compact()
    {
        if (_head > 32 && _head * 2 > _end)
        {
            MoveDown();
        }
    }

    private void MoveDown()
    {
        var count = Count;
        Array.Copy(_items, _head, _items, 0, count);
        Array.Clear(_items, count, _end - count);
        Array.Copy(_cells, _head * Width, _cells, 0, count * Width);
        Array.Clear(_cells, count * Width, (_end - count) * Width);
        _head = 0;
        _end = count;
    }

    private void Apply(int index, int direction)
    {
        ref readonly var observation = ref _items[index];
        var cell = index * Width;
        for (var i = 0; i < _values.Length; i++)
        {
            if (direction > 0)
            {
                _values[i].Add(_cells[cell + i]);
            }
            else
            {
                _values[i].Remove(_cells[cell + i]);
            }
        }

        cell += _values.Length;
        for (var i = 0; i < _context.Length; i++)
        {
            if (direction > 0)
            {
                _context[i].Add(_cells[cell + i]);
            }
            else
            {
                _context[i].Remove(_cells[cell + i]);
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
