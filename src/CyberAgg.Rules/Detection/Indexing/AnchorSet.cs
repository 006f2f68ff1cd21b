namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>A disjunction of field anchors: a rule can only match an event where at least one holds.</summary>
internal sealed class AnchorSet(IReadOnlyList<FieldAnchor> anchors)
{
    public IReadOnlyList<FieldAnchor> Anchors { get; } = anchors;

    /// <summary>Union of alternatives; null when any alternative cannot be anchored.</summary>
    public static AnchorSet? Union(IEnumerable<AnchorSet?> alternatives)
    {
        var all = new List<FieldAnchor>();
        foreach (var alternative in alternatives)
        {
            if (alternative is null)
            {
                return null;
            }

            all.AddRange(alternative.Anchors);
        }

        return all.Count == 0 ? null : new AnchorSet(all.Distinct().ToList());
    }
}
