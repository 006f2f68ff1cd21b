namespace CyberAgg.Rules.Correlation;

/// <summary>A correlation rule's condition became true for one group within one window.</summary>
public sealed class CorrelationAlert
{
    /// <summary>Deterministic id from rule, group and window start: a replay raises the same id.</summary>
    public required string AlertId { get; init; }

    public required CorrelationRule Rule { get; init; }

    public string RuleId => Rule.Id;

    public string Title => Rule.Title;

    public string? Level => Rule.Level;

    public CorrelationType Type => Rule.Type;

    /// <summary>The group-by values joined with <see cref="CorrelationRule.GroupKeySeparator"/> (the indicator).</summary>
    public required string GroupKey { get; init; }

    /// <summary>Each group-by field (as written in the rule, aliases unresolved) with its value.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> GroupValues { get; init; }

    /// <summary>Event time of the earliest evidence in the window.</summary>
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>Event time of the latest evidence in the window.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>End of the window this alert covers; later evidence for the group can raise a new alert.</summary>
    public required DateTimeOffset WindowEnd { get; init; }

    public required int EventCount { get; init; }

    /// <summary>The measured quantity the condition tested: count, distinct values, sum, average or percentage.</summary>
    public required double Value { get; init; }

    /// <summary>Distinct values of the rule's first <c>condition.field</c> (for example the countries).</summary>
    public required IReadOnlyList<string> DistinctValues { get; init; }

    /// <summary>Distinct values per field: the rule's value fields and the configured context fields.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> FieldValues { get; init; }

    /// <summary>Ids of evidence events in event-time order, at most the configured number.</summary>
    public required IReadOnlyList<string> EvidenceEventIds { get; init; }

    public required bool EvidenceTruncated { get; init; }

    /// <summary>The strictest TLP label of the evidence.</summary>
    public required string Tlp { get; init; }

    /// <summary>Wall-clock time the alert was raised, from the injected <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>
    /// Raised ahead of the watermark, from the events in hand, when the rule's condition became true (early firing).
    /// The watermark later decides the window over every event in event-time order: usually the same alert, which
    /// then is not raised again; otherwise a <see cref="Revision"/> with the same id.
    /// </summary>
    public bool Early { get; init; }

    /// <summary>
    /// What the watermark decided for a window an early alert had already reported, under that alert's id, raised one
    /// millisecond after it: it replaces the early alert (same id, newer content and version).
    /// </summary>
    public bool Revision { get; init; }

    /// <summary>
    /// Set on an early alert when the watermark's decision turned out the same: the engine hands it on to chained
    /// correlations as that decision, and does not report it again.
    /// </summary>
    internal bool Confirmed { get; set; }

    /// <summary>Distinct values of <paramref name="field"/> in the evidence, or empty when not tracked.</summary>
    public IReadOnlyList<string> GetValues(string field) =>
        FieldValues.TryGetValue(field, out var values) ? values : [];

    /// <summary>This alert as the revision of <paramref name="early"/>: its id, and the next version of its row.</summary>
    internal CorrelationAlert Revising(CorrelationAlert early) => new()
    {
        AlertId = early.AlertId,
        Rule = Rule,
        GroupKey = GroupKey,
        GroupValues = GroupValues,
        FirstSeen = FirstSeen,
        LastSeen = LastSeen,
        WindowEnd = WindowEnd,
        EventCount = EventCount,
        Value = Value,
        DistinctValues = DistinctValues,
        FieldValues = FieldValues,
        EvidenceEventIds = EvidenceEventIds,
        EvidenceTruncated = EvidenceTruncated,
        Tlp = Tlp,
        // One millisecond (storage's resolution) after the early alert: the row's next version, so it replaces that
        // row, while a status change an analyst made since (a later version) still stands.
        RaisedAt = early.RaisedAt.AddMilliseconds(1),
        Revision = true,
    };

    public override string ToString() =>
        $"{RuleId} '{Title}' group={GroupKey.Replace(CorrelationRule.GroupKeySeparator, '|')} value={Value} events={EventCount} [{FirstSeen:O} .. {LastSeen:O}]";
}
