using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>An event waiting for the watermark, with the fields correlations read from it.</summary>
internal sealed record BufferedEvent(DateTimeOffset Time, string EventId, int TlpRank, int[] Detections, DictionaryEventFields Fields)
{
    /// <summary>Event time, then event id: a total order, so ties release the same way whatever the arrival order.</summary>
    public static IComparer<BufferedEvent> Order { get; } = Comparer<BufferedEvent>.Create(static (a, b) =>
    {
        var byTime = a.Time.UtcTicks.CompareTo(b.Time.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.EventId, b.EventId);
    });
}
