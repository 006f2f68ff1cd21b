namespace CyberAgg.Federation.Matching;

/// <summary>
/// The alliance watermark a matcher correlates on: each node's watermark per alliance topic it arrives on (the
/// minimum of them decides), as in central mode's per-partition watermarks with nodes in place of partitions.
/// </summary>
/// <remarks>
/// A node whose watermark has not moved for the idle timeout (down, or quiet) stops holding everyone back; when it
/// comes back, its watermark counts again from its next batch. With no node live, the watermark moves to the
/// highest seen so the last windows are decided. It never moves back. Not thread-safe.
/// </remarks>
internal sealed class NodeWatermarks(TimeSpan idleTimeout, TimeProvider time)
{
    private readonly Dictionary<(string Node, string Topic), (DateTimeOffset Watermark, long Moved)> nodes = [];

    public DateTimeOffset Current { get; private set; } = DateTimeOffset.MinValue;

    public int Nodes => nodes.Count;

    public void Mark(string node, string topic, DateTimeOffset watermark)
    {
        var key = (node, topic);
        if (!nodes.TryGetValue(key, out var mark) || watermark > mark.Watermark)
        {
            nodes[key] = (watermark, time.GetTimestamp());
        }
    }

    public DateTimeOffset Update()
    {
        var candidate = DateTimeOffset.MaxValue;
        var anyLive = false;
        var highest = DateTimeOffset.MinValue;
        foreach (var (watermark, moved) in nodes.Values)
        {
            highest = watermark > highest ? watermark : highest;
            if (time.GetElapsedTime(moved) >= idleTimeout)
            {
                continue;
            }

            anyLive = true;
            candidate = watermark < candidate ? watermark : candidate;
        }

        if (!anyLive)
        {
            candidate = highest;
        }

        if (candidate > Current && candidate != DateTimeOffset.MaxValue)
        {
            Current = candidate;
        }

        return Current;
    }
}
