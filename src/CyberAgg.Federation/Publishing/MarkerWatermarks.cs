namespace CyberAgg.Federation.Publishing;

/// <summary>
/// The node's watermark as its publisher sees it on the local <c>cyberagg.indicators.v1</c>: the events-stage
/// instances send watermark markers to every partition after their observations; a partition's watermark is the
/// minimum over the sources heard on it within the idle timeout, the node's the minimum over partitions.
/// </summary>
/// <remarks>
/// The correlator's own tracker of these markers is internal to it, so the publisher keeps this small one with
/// the same rules: a source not heard from for the idle timeout stops holding back; with no live source the
/// watermark moves to the highest marker seen; it never moves back. Not thread-safe.
/// </remarks>
internal sealed class MarkerWatermarks(TimeSpan idleTimeout, TimeProvider time)
{
    private readonly Dictionary<int, Dictionary<string, (DateTimeOffset Watermark, long Seen)>> partitions = [];

    public DateTimeOffset Current { get; private set; } = DateTimeOffset.MinValue;

    public void Revoke(int partition) => partitions.Remove(partition);

    public void Mark(int partition, string source, DateTimeOffset watermark)
    {
        if (!partitions.TryGetValue(partition, out var sources))
        {
            sources = new Dictionary<string, (DateTimeOffset, long)>(StringComparer.Ordinal);
            partitions[partition] = sources;
        }

        var previous = sources.TryGetValue(source, out var mark) ? mark.Watermark : DateTimeOffset.MinValue;
        sources[source] = (watermark > previous ? watermark : previous, time.GetTimestamp());
    }

    public DateTimeOffset Update()
    {
        var candidate = DateTimeOffset.MaxValue;
        var anyLive = false;
        var highest = DateTimeOffset.MinValue;
        foreach (var sources in partitions.Values)
        {
            foreach (var (watermark, seen) in sources.Values)
            {
                highest = watermark > highest ? watermark : highest;
                if (time.GetElapsedTime(seen) >= idleTimeout)
                {
                    continue;
                }

                anyLive = true;
                candidate = watermark < candidate ? watermark : candidate;
            }
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
