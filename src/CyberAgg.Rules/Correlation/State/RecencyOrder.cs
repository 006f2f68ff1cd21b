namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// Which of the <c>live</c> groups of a rule was updated least recently, for eviction at the group bound, without a linked list that
/// every update of every group relinks.
/// </summary>
/// <remarks>
/// Each update stamps the group with the next number of a counter, so the least recently updated live group is the
/// one with the smallest stamp: the order a list moved to its end on every update would keep. Below the bound
/// nothing else is kept. Once eviction is needed, the live groups are sorted by stamp into a queue once, and from
/// then on every update appends (group, stamp) to it; an entry whose group was updated again or dropped since is
/// stale and skipped when the queue is read. The queue is rebuilt when stale entries outnumber the live ones, and
/// dropped when the groups fall well below the bound.
/// </remarks>
internal sealed class RecencyOrder(IReadOnlyCollection<GroupState> live)
{
    private long _clock;
    private Queue<(GroupState Group, long Stamp)>? _queue;

    /// <summary>Whether the queue is kept (eviction has been needed since the groups were last well below the bound).</summary>
    public bool Tracking => _queue is not null;

    /// <summary>Entries in the queue, stale ones included (0 when not tracking).</summary>
    public int QueueLength => _queue?.Count ?? 0;

    /// <summary>Marks <paramref name="group"/> as the most recently updated.</summary>
    public void Touch(GroupState group)
    {
        var stamp = ++_clock;
        group.Touched = stamp;
        if (_queue is not null)
        {
            _queue.Enqueue((group, stamp));
            if (_queue.Count > (2 * live.Count) + 64)
            {
                Rebuild();
            }
        }
    }

    /// <summary>The least recently updated live group (there is one), which the caller drops.</summary>
    public GroupState Oldest()
    {
        if (_queue is null)
        {
            Rebuild();
        }

        while (true)
        {
            var (group, stamp) = _queue!.Dequeue();
            if (group.Live && group.Touched == stamp)
            {
                return group;
            }
        }
    }

    /// <summary>Stops keeping the queue once the groups are at most half the bound.</summary>
    public void Trim(int groups, int bound)
    {
        if (groups <= bound / 2)
        {
            _queue = null;
        }
    }

    private void Rebuild()
    {
        var groups = new GroupState[live.Count];
        var i = 0;
        foreach (var group in live)
        {
            groups[i++] = group;
        }

        Array.Sort(groups, static (a, b) => a.Touched.CompareTo(b.Touched));
        _queue = new Queue<(GroupState, long)>(Math.Max(16, groups.Length * 2));
        foreach (var group in groups)
        {
            _queue.Enqueue((group, group.Touched));
        }
    }
}
