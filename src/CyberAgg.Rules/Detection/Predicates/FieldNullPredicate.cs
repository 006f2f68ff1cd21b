using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Sigma <c>field: null</c>: the field is absent or has no value.</summary>
internal sealed class FieldNullPredicate(string field) : EventPredicate
{
    public override int Cost => 1;

    public override bool Evaluate(IEventFields fields) => !fields.TryGet(field, out var value) || value is null;

    public override bool CollectFields(FieldReads reads)
    {
        reads.Value(field);
        return true;
    }

    public override AnchorSet? GetAnchors(AnchorContext context) => null;
}
