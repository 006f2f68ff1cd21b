namespace CyberAgg.Agent.Spool;

/// <summary>One spooled batch on disk: its file, size and event count (for drop accounting without reading it).</summary>
internal sealed class SpoolEntry(long id, string path, long bytes, int events)
{
    public long Id { get; } = id;

    public string Path { get; } = path;

    public long Bytes { get; } = bytes;

    public int Events { get; } = events;

    /// <summary>Taken by the drainer: neither drained twice nor dropped while Kafka is receiving it.</summary>
    public bool InFlight { get; set; }
}
