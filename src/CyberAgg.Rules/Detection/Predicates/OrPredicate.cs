using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>At least one part must hold; cheapest parts first (pure parts, so the order changes no result).</summary>
internal sealed class OrPredicate(EventPredicate[] parts) : EventPredicate
{
    private readonly EventPredicate[] _order = [.. parts.OrderBy(p => p.Cost)];

    public override int Cost { get; } = parts.Sum(p => p.Cost);

    public override bool Evaluate(IEventFields fields)
    {
        foreach (var part in _order)
        {
            if (part.Evaluate(fields))
            {
                return true;
            }
        }

        return false;
    }

    public override bool CollectFields(FieldReads reads) => CollectFieldsOfAll(parts, reads);

    public override AnchorSet? GetAnchors(AnchorContext context) => AnchorSet.Union(parts.Select(p => p.GetAnchors(context)));
}
