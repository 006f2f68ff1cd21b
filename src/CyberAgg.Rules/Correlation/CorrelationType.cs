namespace CyberAgg.Rules.Correlation;

/// <summary>The Sigma correlation types.</summary>
public enum CorrelationType
{
    EventCount,
    ValueCount,
    Temporal,
    TemporalOrdered,
    ValueSum,
    ValueAverage,
    ValuePercentile,
}
