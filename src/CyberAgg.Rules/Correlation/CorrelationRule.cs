using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Correlation;

/// <summary>A compiled Sigma correlation rule with its references resolved.</summary>
public sealed class CorrelationRule
{
    /// <summary>Separates group-by values inside a group key; a control character no indicator contains.</summary>
    public const char GroupKeySeparator = '\u001f';

    internal CorrelationRule(RuleMetadata metadata, CorrelationDefinition definition)
    {
        Metadata = metadata;
        Definition = definition;
    }

    public RuleMetadata Metadata { get; }

    public string Id => Metadata.Id;

    public string? Name => Metadata.Name;

    public string Title => Metadata.Title;

    public string? Level => Metadata.Level;

    public CorrelationType Type => Definition.Type;

    public IReadOnlyList<string> RuleReferences => Definition.RuleReferences;

    public IReadOnlyList<string> GroupBy => Definition.GroupBy;

    public TimeSpan Timespan => Definition.Timespan;

    public IReadOnlyList<CorrelationThreshold> Condition => Definition.Condition;

    /// <summary>The <c>condition.field</c> values (value_count and the metric types).</summary>
    public IReadOnlyList<string> ValueFields => Definition.ValueFields;

    public bool Generate => Definition.Generate;

    /// <summary>
    /// True when the condition needs the whole window (an upper bound, equality, an average or a percentile), so
    /// it is decided once the watermark passes the window's end; false for lower bounds (<c>gt</c>/<c>gte</c>),
    /// which fire at the event that makes them true.
    /// </summary>
    public bool DecidedAtWindowEnd =>
        Type is CorrelationType.ValueAverage or CorrelationType.ValuePercentile
        || Condition.Any(c => c.Comparison is not (NumericComparison.GreaterThan or NumericComparison.GreaterThanOrEqual));

    /// <summary>False when another correlation consumes this one without <c>generate</c>.</summary>
    public bool GeneratesAlerts { get; internal set; } = true;

    internal CorrelationDefinition Definition { get; }

    internal CorrelationInput[] Inputs { get; set; } = [];

    internal int Index { get; set; }

    /// <summary>
    /// Computes the group key this rule would file an event under when <paramref name="referencedRuleId"/>
    /// matched it, so a caller can partition correlation state by key before calling the engine.
    /// </summary>
    public bool TryGetGroupKey(string referencedRuleId, IEventFields fields, out string groupKey)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var input in Inputs)
        {
            var id = input.Detection?.Id ?? input.Correlation!.Id;
            var name = input.Detection?.Name ?? input.Correlation!.Name;
            if (id == referencedRuleId || name == referencedRuleId)
            {
                return TryBuildGroupKey(input, fields, out groupKey, out _);
            }
        }

        groupKey = string.Empty;
        return false;
    }

    internal static bool TryBuildGroupKey(CorrelationInput input, IEventFields fields, out string groupKey, out string[] values)
    {
        var groupFields = input.GroupFields;
        values = new string[groupFields.Length];
        for (var i = 0; i < groupFields.Length; i++)
        {
            if (!fields.TryGet(groupFields[i], out var value) || value is null)
            {
                groupKey = string.Empty;
                return false;
            }

            values[i] = value;
        }

        groupKey = JoinGroupKey(values);
        return true;
    }

    /// <summary>
    /// <see cref="TryBuildGroupKey"/> without an allocation for the common single-field group: then
    /// <paramref name="values"/> is null and the key is the one value (see <see cref="GroupValues"/>).
    /// </summary>
    internal static bool TryBuildGroupKeyLazy(CorrelationInput input, IEventFields fields, out string groupKey, out string[]? values)
    {
        var groupFields = input.GroupFields;
        if (groupFields.Length == 1)
        {
            values = null;
            if (fields.TryGet(groupFields[0], out var value) && value is not null)
            {
                groupKey = value;
                return true;
            }

            groupKey = string.Empty;
            return false;
        }

        var built = TryBuildGroupKey(input, fields, out groupKey, out var all);
        values = all;
        return built;
    }

    /// <summary>The group-by values of a key built by <see cref="TryBuildGroupKeyLazy"/>.</summary>
    internal static string[] GroupValues(string groupKey, string[]? values) => values ?? [groupKey];

    /// <summary>The group key of group-by values, as <see cref="CorrelationAlert.GroupKey"/> carries it.</summary>
    internal static string JoinGroupKey(string[] values) => values.Length switch
    {
        0 => string.Empty,
        1 => values[0],
        _ => string.Join(GroupKeySeparator, values),
    };

    public override string ToString() => $"{Id} '{Title}' ({Type})";
}
