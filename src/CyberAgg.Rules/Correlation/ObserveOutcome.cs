namespace CyberAgg.Rules.Correlation;

/// <summary>What the correlation engine did with an event.</summary>
public enum ObserveOutcome
{
    /// <summary>The event was not older than the watermark: it is correlated (if any correlation consumes its matches) once the watermark reaches it.</summary>
    Accepted,

    /// <summary>The event was older than the watermark: counted as late, not added to any window.</summary>
    Late,
}
