namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>Chooses between anchor sets: the one whose weakest anchor is strongest, then the one with fewer anchors.</summary>
/// <remarks>
/// An anchor is stronger the more it pins the value (exact over suffix, prefix, contained literal and presence) and the
/// longer its literal. Rule authors narrow on common values (<c>Initiated: 'true'</c>, <c>Details: 'DWORD
/// (0x00000001)'</c>), so an anchor that many rules of the set would file under is likely to hold on many events: its
/// strength drops by one kind per doubling of that popularity, never below a presence anchor. The engine measures
/// popularity with a first choice made without it (<see cref="Neutral"/>).
/// </remarks>
internal sealed class AnchorContext
{
    private const int KindWeight = 64;

    private readonly IReadOnlyDictionary<FieldAnchor, int> _popularity;

    public AnchorContext(IReadOnlyDictionary<FieldAnchor, int> popularity)
    {
        _popularity = popularity;
    }

    /// <summary>Strength by kind and literal length alone.</summary>
    public static AnchorContext Neutral { get; } = new(new Dictionary<FieldAnchor, int>());

    public AnchorSet? Best(AnchorSet? left, AnchorSet? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        return Score(right) > Score(left) ? right : left;
    }

    public int Strength(FieldAnchor anchor)
    {
        var strength = ((int)anchor.Kind * KindWeight) + Math.Min(anchor.Key.Length, 32);
        if (anchor.Kind == AnchorKind.Present || !_popularity.TryGetValue(anchor, out var rules) || rules < 2)
        {
            return strength;
        }

        var demoted = strength - (KindWeight * (int)Math.Log2(rules));
        return Math.Max(demoted, ((int)AnchorKind.Present * KindWeight) + 1);
    }

    private long Score(AnchorSet set)
    {
        if (set.Anchors.Count == 0)
        {
            return 0;
        }

        var weakest = int.MaxValue;
        foreach (var anchor in set.Anchors)
        {
            weakest = Math.Min(weakest, Strength(anchor));
        }

        // Prefer sets whose weakest member is strong, then sets with fewer members (fewer index entries).
        return (weakest * 1024L) - Math.Min(set.Anchors.Count, 1023);
    }
}
