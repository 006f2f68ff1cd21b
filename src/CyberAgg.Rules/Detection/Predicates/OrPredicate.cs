using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>At least one part must hold.</summary>
internal sealed class OrPredicate(EventPredicate[] parts) : EventPredicate
{
    public override bool Evaluate(IEventFields fields)
    {
        foreach (var part in parts)
        {
            if (part.Evaluate(fields))
            {
                return true;
            }
        }

        return false;
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

    public override AnchorSet? GetAnchors() => AnchorSet.Union(parts.Select(p => p.GetAnchors()));
}
