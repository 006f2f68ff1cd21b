using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>All parts must hold.</summary>
internal sealed class AndPredicate(EventPredicate[] parts) : EventPredicate
{
    public override bool Evaluate(IEventFields fields)
    {
        foreach (var part in parts)
        {
            if (!part.Evaluate(fields))
            {
                return false;
            }
        }

        return true;
    }

    public override bool CollectFields(FieldReads reads)
    {
        var named = true;
        foreach (var part in parts)
        {
            named &= part.CollectFields(reads);
        }

        return named;
    }

    public override AnchorSet? GetAnchors()
    {
        AnchorSet? best = null;
        foreach (var part in parts)
        {
            best = AnchorSet.Best(best, part.GetAnchors());
        }

        return best;
    }
}
