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

    /// <summary>Alerts raised early, ahead of the watermark.</summary>
    public long EarlyAlerts { get; set; }

    /// <summary>Early alerts the watermark's decision replaced with different evidence (a revision, same id).</summary>
    public long EarlyRevised { get; set; }

    /// <summary>Early alerts no decision of the watermark matched (their window was merged into another alert's).</summary>
    public long EarlyUnmatched { get; set; }
}
