using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Federation.Blinding;

/// <summary>
/// What the correlation rules group by, per detection rule that feeds them: the kind of indicator (the rule's
/// group-by names, e.g. <c>source.ip</c> or <c>domain</c>) and the event fields the group key is read from.
/// </summary>
/// <remarks>
/// Field names behind aliases are internal to the rule engine, so they are found by asking each correlation rule
/// for a group key over a probe that records which fields it reads.
/// </remarks>
internal sealed class IndicatorKinds
{
    private readonly Dictionary<string, List<Feed>> byDetection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> kindOfRule = new(StringComparer.Ordinal);

    public IndicatorKinds(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var correlation in rules.CorrelationRules.Where(r => r.GroupBy.Count > 0))
        {
            var kind = KindOf(correlation);
            kindOfRule[correlation.Id] = kind;
            MaxTimespan = correlation.Timespan > MaxTimespan ? correlation.Timespan : MaxTimespan;
            foreach (var detection in rules.DetectionRules.Where(d => correlation.RuleReferences.Contains(d.Id) || (d.Name is { } n && correlation.RuleReferences.Contains(n))))
            {
                var probe = new RecordingFields();
                if (!correlation.TryGetGroupKey(detection.Id, probe, out _) || probe.Read.Count == 0)
                {
                    continue;
                }

                if (!byDetection.TryGetValue(detection.Id, out var feeds))
                {
                    feeds = [];
                    byDetection[detection.Id] = feeds;
                }

                feeds.Add(new Feed(correlation, kind, probe.Read.ToArray()));
            }
        }
    }

    /// <summary>The longest correlation window: the overlap in which observations carry the previous epoch's token.</summary>
    public TimeSpan MaxTimespan { get; }

    /// <summary>
    /// Observations carry only the previous epoch's token, so a window may straddle one boundary but not two:
    /// the epoch must be at least the longest rule window.
    /// </summary>
    public void RequireEpochCovers(TimeSpan epoch)
    {
        if (epoch < MaxTimespan)
        {
            throw new CyberAgg.Configuration.ConfigurationException("federation.epoch", $"{epoch} is shorter than the longest correlation window ({MaxTimespan}); a window must not span two key rotations.");
        }
    }

    public static string KindOf(CorrelationRule rule) => string.Join(',', rule.GroupBy);

    /// <summary>The kind of indicator a correlation rule groups by; null for a rule without group-by.</summary>
    public string? KindOfRule(string ruleId) => kindOfRule.GetValueOrDefault(ruleId);

    /// <summary>The correlations a detection rule feeds, with their kinds and the fields read for the group key.</summary>
    public IReadOnlyList<Feed> FeedsOf(string detectionId) => byDetection.TryGetValue(detectionId, out var feeds) ? feeds : [];

    /// <summary>One correlation fed by one detection rule.</summary>
    internal sealed record Feed(CorrelationRule Rule, string Kind, string[] Fields);

    private sealed class RecordingFields : IEventFields
    {
        public List<string> Read { get; } = [];

        public int FieldCount => 0;

        public bool TryGet(string field, out string? value)
        {
            Read.Add(field);
            value = "probe";
            return true;
        }

        public string GetName(int index) => throw new ArgumentOutOfRangeException(nameof(index));

        public string? GetValue(int index) => throw new ArgumentOutOfRangeException(nameof(index));
    }
}
