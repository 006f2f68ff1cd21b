namespace CyberAgg.Rules.Correlation.State;

/// <summary>Running counts of what one rule's state did with its observations.</summary>
internal sealed class CorrelationCounters
{
    public long Suppressed { get; set; }

    public long OutOfWindow { get; set; }

    public long Dropped { get; set; }

    public long Evicted { get; set; }

    public long Expired { get; set; }

    public long Alerts { get; set; }

    public long Duplicates { get; set; }
}
