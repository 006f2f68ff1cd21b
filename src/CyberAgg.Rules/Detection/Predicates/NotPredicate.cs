using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Negation; never anchors, since it matches events without the inner fields.</summary>
internal sealed class NotPredicate(EventPredicate inner) : EventPredicate
{
    public override int Cost => inner.Cost;

    public override bool Evaluate(IEventFields fields) => !inner.Evaluate(fields);

    public override bool CollectFields(FieldReads reads) => inner.CollectFields(reads);

    public override AnchorSet? GetAnchors(AnchorContext context) => null;
}
