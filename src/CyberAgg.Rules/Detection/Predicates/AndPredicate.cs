using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>All parts must hold.</summary>
/// <remarks>
/// Parts are evaluated cheapest first, and negations (usually true: filters rarely match) after the positive parts,
/// so a part that fails cheaply spares the costly ones. Parts are pure, so the order changes no result.
/// </remarks>
internal sealed class AndPredicate(EventPredicate[] parts) : EventPredicate
{
    private readonly EventPredicate[] _order = [.. parts.OrderBy(p => p is NotPredicate).ThenBy(p => p.Cost)];

    public override int Cost { get; } = parts.Sum(p => p.Cost);

    public override bool Evaluate(IEventFields fields)
    {
        foreach (var part in _order)
        {
            if (!part.Evaluate(fields))
            {
                return false;
            }
        }

        return true;
    }

    public override bool CollectFields(FieldReads reads) => CollectFieldsOfAll(parts, reads);

    public override AnchorSet? GetAnchors(AnchorContext context)
    {
        AnchorSet? best = null;
        foreach (var part in parts)
        {
            best = context.Best(best, part.GetAnchors(context));
        }

        return best;
    }
}
