using CyberAgg.Rules.Detection;

namespace CyberAgg.Rules.Correlation;

/// <summary>One rule a correlation consumes, with its group-by and value fields after alias resolution.</summary>
internal sealed class CorrelationInput(int position, DetectionRule? detection, CorrelationRule? correlation, string[] groupFields, string[] valueFields)
{
    /// <summary>Position in the correlation's <c>rules</c> list, used as a bit in temporal bookkeeping.</summary>
    public int Position { get; } = position;

    public DetectionRule? Detection { get; } = detection;

    public CorrelationRule? Correlation { get; } = correlation;

    public string[] GroupFields { get; } = groupFields;

    public string[] ValueFields { get; } = valueFields;
}
