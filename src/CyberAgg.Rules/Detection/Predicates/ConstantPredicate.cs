using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Always true or always false (unmapped log sources, empty groups).</summary>
internal sealed class ConstantPredicate(bool result) : EventPredicate
{
    public static ConstantPredicate True { get; } = new(true);

    public static ConstantPredicate False { get; } = new(false);

    public override int Cost => 0;

    public override bool Evaluate(IEventFields fields) => result;

    public override bool CollectFields(FieldReads reads) => true;

    public override AnchorSet? GetAnchors(AnchorContext context) => null;
}
