using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Sigma <c>exists</c>: the field is (or is not) present, whatever its value.</summary>
internal sealed class FieldExistsPredicate(string field, bool expected) : EventPredicate
{
    public override int Cost => 1;

    public override bool Evaluate(IEventFields fields) => fields.TryGet(field, out _) == expected;

    public override bool CollectFields(FieldReads reads)
    {
        reads.Presence(field);
        return true;
    }

    public override AnchorSet? GetAnchors(AnchorContext context) => expected ? new AnchorSet([FieldAnchor.Present(field)]) : null;
}
