using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Sigma <c>neq</c>: the field is present and matches none of the values.</summary>
internal sealed class FieldNotEqualPredicate(string field, ValueMatcher[] matchers) : EventPredicate
{
    private readonly ValueMatcher[] _matchers = MatcherCombiner.Combine(matchers);

    public override int Cost { get; } = 1 + matchers.Sum(m => m.Cost);

    public override bool Evaluate(IEventFields fields)
    {
        if (!fields.TryGet(field, out var value) || value is null)
        {
            return false;
        }

        foreach (var matcher in _matchers)
        {
            if (matcher.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    public override bool CollectFields(FieldReads reads)
    {
        reads.Value(field);
        return true;
    }

    public override AnchorSet? GetAnchors(AnchorContext context) => new([FieldAnchor.Present(field)]);
}
