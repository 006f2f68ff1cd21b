namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>
/// Per-thread memo of log-source results by the values of the <see cref="LogSourceFilter"/> key fields: events of one
/// kind (one channel and event id) share an entry, so a log source is evaluated once per kind, not once per event.
/// </summary>
/// <remarks>
/// Results fill in lazily (0 unknown, 1 true, -1 false), only for the log sources of candidate rules. The table is
/// bounded: when it holds <see cref="MaxEntries"/> kinds it starts over, so hostile variety costs evaluations, not
/// memory.
/// </remarks>
internal sealed class LogSourceCache
{
    public const int MaxEntries = 256;

    private const int Slots = MaxEntries * 2;

    private readonly LogSourceFilter _filter;
    private readonly Entry?[] _table = new Entry?[Slots];
    private int _count;

    public LogSourceCache(LogSourceFilter filter)
    {
        _filter = filter;
    }

    /// <summary>Distinct kinds remembered now (for tests).</summary>
    public int Count => _count;

    /// <summary>The result array for this key, created (all unknown) when the key is new.</summary>
    public sbyte[] Find(ReadOnlySpan<LogSourceKey> states, ReadOnlySpan<string?> values)
    {
        var hash = Hash(states, values);
        var slot = hash & (Slots - 1);
        while (_table[slot] is { } entry)
        {
            if (entry.Hash == hash && entry.Matches(states, values))
            {
                return entry.Results;
            }

            slot = (slot + 1) & (Slots - 1);
        }

        if (_count >= MaxEntries)
        {
            Array.Clear(_table);
            _count = 0;
            slot = hash & (Slots - 1);
        }

        var results = new sbyte[_filter.Count];
        for (var id = 0; id < results.Length; id++)
        {
            if (_filter.IsAlwaysTrue(id))
            {
                results[id] = 1;
            }
        }

        _table[slot] = new Entry(hash, states.ToArray(), values.ToArray(), results);
        _count++;
        return results;
    }

    private static int Hash(ReadOnlySpan<LogSourceKey> states, ReadOnlySpan<string?> values)
    {
        var hash = new HashCode();
        for (var i = 0; i < states.Length; i++)
        {
            hash.Add(states[i]);
            if (states[i] == LogSourceKey.Value)
            {
                hash.Add(values[i]!.GetHashCode(StringComparison.Ordinal));
            }
        }

        return hash.ToHashCode() & int.MaxValue;
    }

    private sealed class Entry(int hash, LogSourceKey[] states, string?[] values, sbyte[] results)
    {
        public int Hash { get; } = hash;

        public sbyte[] Results { get; } = results;

        public bool Matches(ReadOnlySpan<LogSourceKey> otherStates, ReadOnlySpan<string?> otherValues)
        {
            for (var i = 0; i < states.Length; i++)
            {
                if (states[i] != otherStates[i] || (states[i] == LogSourceKey.Value && !string.Equals(values[i], otherValues[i], StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
