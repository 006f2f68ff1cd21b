namespace CyberAgg.Correlator.EventTime;

/// <summary>
/// Per-partition watermarks (Flink's model): each input partition's watermark is the highest event time seen on it
/// less the allowed lateness; the instance's watermark is the minimum over the partitions it owns that are active.
/// </summary>
/// <remarks>
/// A partition with nothing new for <c>idleTimeout</c> of wall time stops holding the minimum back, unless the
/// consumer knows it still has a backlog (messages not yet fetched): a partition that is merely consumed more
/// slowly than the others, as in a replay, is never idle. When every
/// owned partition is idle the stream has gone quiet, and the watermark moves to the highest event time seen, so
/// the last events of a burst are correlated without waiting for more traffic. The watermark never moves back:
/// a partition assigned later, or one waking up from idle, cannot undo what was released. Event times that the
/// clock guard refused (ahead of the wall clock) must not be passed in. Not thread-safe.
/// </remarks>
internal sealed class PartitionWatermarks(TimeSpan lateness, TimeSpan idleTimeout, TimeProvider time)
{
    private readonly Dictionary<int, PartitionClock> partitions = [];

    /// <summary>The watermark: events older than it are late.</summary>
    public DateTimeOffset Current { get; private set; } = DateTimeOffset.MinValue;

    public int Count => partitions.Count;

    /// <summary>Starts tracking a partition, optionally from the highest event time it had before a restart.</summary>
    public void Assign(int partition, DateTimeOffset? highest = null)
    {
        if (!partitions.TryGetValue(partition, out var clock))
        {
            clock = new PartitionClock { LastActivity = time.GetTimestamp() };
            partitions[partition] = clock;
        }

        if (highest is { } known && known > clock.Highest)
        {
            clock.Highest = known;
        }
    }

    /// <summary>Stops tracking a partition (revoked or lost): it no longer holds the watermark back.</summary>
    public void Revoke(int partition) => partitions.Remove(partition);

    /// <summary>Records an event time seen on a partition (assigning it if needed).</summary>
    public void Observe(int partition, DateTimeOffset eventTime)
    {
        if (!partitions.TryGetValue(partition, out var clock))
        {
            clock = new PartitionClock();
            partitions[partition] = clock;
        }

        clock.LastActivity = time.GetTimestamp();
        if (eventTime > clock.Highest)
        {
            clock.Highest = eventTime;
        }
    }

    /// <summary>Records activity on a partition without a usable event time (a dead letter, a future-dated event).</summary>
    public void Touch(int partition)
    {
        if (partitions.TryGetValue(partition, out var clock))
        {
            clock.LastActivity = time.GetTimestamp();
        }
    }

    /// <summary>True when the partition has been quiet for the idle timeout and its backlog is not known to be pending.</summary>
    public bool MayBeIdle(int partition) => partitions.TryGetValue(partition, out var clock) && IsIdle(clock);

    /// <summary>Records whether the partition has messages not consumed yet (null: unknown).</summary>
    public void SetBacklog(int partition, bool? backlog)
    {
        if (partitions.TryGetValue(partition, out var clock))
        {
            clock.Backlog = backlog;
        }
    }

    /// <summary>Recomputes the watermark from the partitions' clocks and returns it.</summary>
    public DateTimeOffset Update()
    {
        var candidate = DateTimeOffset.MaxValue;
        var anyActive = false;
        var highest = DateTimeOffset.MinValue;
        foreach (var clock in partitions.Values)
        {
            if (clock.Highest > highest)
            {
                highest = clock.Highest;
            }

            if (IsIdle(clock))
            {
                continue;
            }

            anyActive = true;
            var watermark = clock.Highest == DateTimeOffset.MinValue || clock.Highest - DateTimeOffset.MinValue < lateness
                ? DateTimeOffset.MinValue
                : clock.Highest - lateness;
            if (watermark < candidate)
            {
                candidate = watermark;
            }
        }

        if (!anyActive)
        {
            candidate = highest;
        }

        if (candidate > Current)
        {
            Current = candidate;
        }

        return Current;
    }

    /// <summary>Per-partition watermark inputs, for diagnostics: highest event time and whether the partition is idle.</summary>
    public IEnumerable<(int Partition, DateTimeOffset Highest, bool Idle)> Describe() =>
        partitions.Select(p => (p.Key, p.Value.Highest, IsIdle(p.Value)));

    private bool IsIdle(PartitionClock clock) => clock.Backlog != true && time.GetElapsedTime(clock.LastActivity) >= idleTimeout;

    private sealed class PartitionClock
    {
        public DateTimeOffset Highest { get; set; } = DateTimeOffset.MinValue;

        public long LastActivity { get; set; }

        public bool? Backlog { get; set; }
    }
}
