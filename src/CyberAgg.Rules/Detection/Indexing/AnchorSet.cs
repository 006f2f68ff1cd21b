namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>A disjunction of field anchors: a rule can only match an event where at least one holds.</summary>
internal sealed class AnchorSet
{
    public AnchorSet(IReadOnlyList<FieldAnchor> anchors)
    {
        Anchors = anchors;
        var weakest = int.MaxValue;
        foreach (var anchor in anchors)
        {
            var strength = (int)anchor.Kind * 64 + Math.Min(anchor.Key.Length, 32);
            weakest = Math.Min(weakest, strength);
        }

        // Prefer sets whose weakest member is strong, then sets with fewer members (fewer index entries).
        Score = anchors.Count == 0 ? 0 : (weakest * 1024) - Math.Min(anchors.Count, 1023);
    }

    public IReadOnlyList<FieldAnchor> Anchors { get; }

    public int Score { get; }

    public static AnchorSet? Best(AnchorSet? left, AnchorSet? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        return right.Score > left.Score ? right : left;
    }

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
