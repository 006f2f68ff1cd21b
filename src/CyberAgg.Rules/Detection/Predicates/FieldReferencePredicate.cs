using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Sigma <c>fieldref</c>: compares a field with another field of the same event.</summary>
internal sealed class FieldReferencePredicate(
    string field,
    string[] otherFields,
    FieldReferenceMode mode,
    StringComparison comparison,
    bool negate) : EventPredicate
{
    public override int Cost => 1 + (3 * otherFields.Length);

    public override bool Evaluate(IEventFields fields)
    {
        if (!fields.TryGet(field, out var value) || value is null)
        {
            return false;
        }

        foreach (var otherField in otherFields)
        {
            if (!fields.TryGet(otherField, out var other) || other is null)
            {
                continue;
            }

            var matches = mode switch
            {
                FieldReferenceMode.StartsWith => value.StartsWith(other, comparison),
                FieldReferenceMode.EndsWith => value.EndsWith(other, comparison),
                FieldReferenceMode.Contains => value.Contains(other, comparison),
                _ => string.Equals(value, other, comparison),
            };
            if (matches != negate)
            {
                return true;
            }
        }

        return false;
    }

    public override bool CollectFields(FieldReads reads)
    {
        reads.Value(field);
        foreach (var other in otherFields)
        {
            reads.Value(other);
        }

        return true;
    }

    public override AnchorSet? GetAnchors(AnchorContext context) => new([FieldAnchor.Present(field)]);
}
