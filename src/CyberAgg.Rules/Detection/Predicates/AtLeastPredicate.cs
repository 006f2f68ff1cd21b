using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary><c>N of pattern</c> for N greater than one: at least N parts hold.</summary>
internal sealed class AtLeastPredicate(int required, EventPredicate[] parts) : EventPredicate
{
    public override int Cost { get; } = parts.Sum(p => p.Cost);

    public override bool Evaluate(IEventFields fields)
    {
        var matched = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Evaluate(fields) && ++matched >= required)
            {
                return true;
            }

            if (matched + (parts.Length - i - 1) < required)
            {
                return false;
            }
        }

        return false;
    }

    public override bool CollectFields(FieldReads reads) => CollectFieldsOfAll(parts, reads);

    public override AnchorSet? GetAnchors(AnchorContext context) => AnchorSet.Union(parts.Select(p => p.GetAnchors(context)));
}
