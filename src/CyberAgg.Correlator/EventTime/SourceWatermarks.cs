namespace CyberAgg.Correlator.EventTime;

/// <summary>
/// The indicator stage's watermark in scale-out mode: the events-stage instances (sources) send watermark markers
/// to every indicators partition after their observations; an indicators partition's watermark is the minimum over
/// the sources heard on it, and the stage's watermark the minimum over its partitions.
/// </summary>
/// <remarks>
/// A source not heard from for <c>idleTimeout</c> (stopped, or handed its partitions over) stops holding a partition
/// back; when no source is live anywhere, the watermark moves to the highest marker seen. It never moves back.
/// Markers come from the events stage's own watermarks, so events partitions consumed at different speeds hold the
/// indicator stage back instead of making their observations late. Not thread-safe.
/// </remarks>
internal sealed class SourceWatermarks(TimeSpan idleTimeout, TimeProvider time)
{
    private readonly Dictionary<int, Dictionary<string, SourceMark>> partitions = [];

    public DateTimeOffset Current { get; private set; } = DateTimeOffset.MinValue;

    public void Assign(int partition) => partitions.TryAdd(partition, new Dictionary<string, SourceMark>(StringComparer.Ordinal));

    public void Revoke(int partition) => partitions.Remove(partition);

    /// <summary>Records a marker: <paramref name="source"/> sends nothing older than <paramref name="watermark"/> on the partition.</summary>
    public void Mark(int partition, string source, DateTimeOffset watermark)
    {
        if (!partitions.TryGetValue(partition, out var sources))
        {
            sources = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
            partitions[partition] = sources;
        }

        var previous = sources.TryGetValue(source, out var mark) ? mark.Watermark : DateTimeOffset.MinValue;
        sources[source] = new SourceMark(watermark > previous ? watermark : previous, time.GetTimestamp());
    }

    public DateTimeOffset Update()
    {
        var candidate = DateTimeOffset.MaxValue;
        var anyLive = false;
        var highest = DateTimeOffset.MinValue;
        foreach (var sources in partitions.Values)
        {
            foreach (var mark in sources.Values)
            {
                highest = mark.Watermark > highest ? mark.Watermark : highest;
                if (time.GetElapsedTime(mark.Seen) >= idleTimeout)
                {
                    continue;
                }

                anyLive = true;
                candidate = mark.Watermark < candidate ? mark.Watermark : candidate;
            }
        }

        if (!anyLive)
        {
            candidate = highest;
        }

        if (candidate > Current)
        {
            Current = candidate;
        }

        return Current;
    }

    private readonly record struct SourceMark(DateTimeOffset Watermark, long Seen);
}
