namespace CyberAgg.Federation.Matching;

/// <summary>
/// The alliance watermark a matcher correlates on: each node's watermark per alliance topic it arrives on (the
/// minimum of them decides), as in central mode's per-partition watermarks with nodes in place of partitions.
/// </summary>
/// <remarks>
/// A node whose watermark has not moved and that sent no records for the idle timeout (down, or quiet) stops holding
/// everyone back; when it
/// comes back, its watermark counts again from its next batch. With no node live, the watermark moves to the
/// highest seen, and past the end of the last bucket any record was in (<see cref="Seen"/>), so the last sightings of
/// a quiet alliance are decided: a node's watermark is floored to its bucket, and would otherwise hold the bucket of
/// the last sightings open until traffic resumes. It never moves back. Not thread-safe.
/// </remarks>
internal sealed class NodeWatermarks(TimeSpan idleTimeout, TimeProvider time)
{
    private readonly Dictionary<(string Node, string Topic), (DateTimeOffset Watermark, long Moved)> nodes = [];

    public DateTimeOffset Current { get; private set; } = DateTimeOffset.MinValue;

    public int Nodes => nodes.Count;

    private DateTimeOffset lastBucketEnd = DateTimeOffset.MinValue;

    /// <summary>
    /// A node expected on <paramref name="topic"/> (a member): until it reports a watermark, or the idle timeout passes
    /// from now, it holds the watermark where it is, as a newly assigned partition does in central mode.
    /// </summary>
    public void Expect(string node, string topic) => nodes.TryAdd((node, topic), (DateTimeOffset.MinValue, time.GetTimestamp()));

    /// <summary>A record was correlated whose bucket ends at <paramref name="bucketEnd"/>.</summary>
    public void Seen(DateTimeOffset bucketEnd)
    {
        lastBucketEnd = bucketEnd > lastBucketEnd ? bucketEnd : lastBucketEnd;
    }

    /// <summary>
    /// The node sent records on <paramref name="topic"/>: it is live, whether or not its watermark moved. A node that
    /// is still sending sightings (its correlator's watermark not yet known, or held back) must not be taken for a
    /// quiet one, or the others' watermarks would release its buckets before its records arrive, and they would be late.
    /// </summary>
    public void Active(string node, string topic)
    {
        var key = (node, topic);
        nodes[key] = (nodes.TryGetValue(key, out var mark) ? mark.Watermark : DateTimeOffset.MinValue, time.GetTimestamp());
    }

    public void Mark(string node, string topic, DateTimeOffset watermark)
    {
        var key = (node, topic);
        if (!nodes.TryGetValue(key, out var mark) || watermark > mark.Watermark)
        {
            nodes[key] = (watermark, time.GetTimestamp());
        }
    }

    /// <summary>
    /// Recomputes the watermark. <paramref name="behind"/>: the matcher has alliance messages it has not read yet, so a
    /// node that looks idle may have batches waiting in them, and no node is taken for idle until it has caught up
    /// (as a partition with a known backlog is never idle in central mode).
    /// </summary>
    public DateTimeOffset Update(bool behind = false)
    {
        var candidate = DateTimeOffset.MaxValue;
        var anyLive = false;
        var highest = DateTimeOffset.MinValue;
        foreach (var (watermark, moved) in nodes.Values)
        {
            highest = watermark > highest ? watermark : highest;
            if (!behind && time.GetElapsedTime(moved) >= idleTimeout)
            {
                continue;
            }

            anyLive = true;
            candidate = watermark < candidate ? watermark : candidate;
        }

        if (!anyLive)
        {
            // Nothing moves anywhere: what was seen is all there is, as central mode decides a quiet stream.
            candidate = highest > lastBucketEnd || highest == DateTimeOffset.MinValue ? highest : lastBucketEnd;
        }

        if (candidate > Current && candidate != DateTimeOffset.MaxValue && candidate != DateTimeOffset.MinValue)
        {
            Current = candidate;
        }

        return Current;
    }
}
