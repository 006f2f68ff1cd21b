namespace CyberAgg.Bench.Report;

/// <summary>
/// One memory sample: resident set, managed heap committed by the GC and in use after the last collection, and the
/// embedded ClickHouse's tracked memory (null when it did not answer), all in MiB; and the events the correlator held
/// for the watermark at that moment.
/// </summary>
public sealed record MemorySample(string Phase, double ResidentMib, double ManagedCommittedMib, double ManagedHeapMib, double? ClickHouseMib, long BufferedEvents)
{
    /// <summary>The most events held for the watermark in any sample of the phase (a per-phase figure, not this sample's).</summary>
    public long MostBufferedEvents { get; init; } = BufferedEvents;
}
