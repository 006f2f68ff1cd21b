using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>A field's value matches one (or, with <c>all</c>, every) of the rule's values.</summary>
internal sealed class FieldValuePredicate(string field, ValueMatcher[] matchers, bool matchAll) : EventPredicate
{
    // Cheapest first: with 'all' the value must pass every matcher, else one; matchers are pure either way.
    private readonly ValueMatcher[] _evaluators = [.. (matchAll ? matchers : MatcherCombiner.Combine(matchers)).OrderBy(m => m.Cost)];

    public override int Cost => 1 + _evaluators.Sum(m => m.Cost);

    public override bool Evaluate(IEventFields fields)
    {
        if (!fields.TryGet(field, out var value) || value is null)
        {
            return false;
        }

        if (matchAll)
        {
            foreach (var matcher in _evaluators)
            {
                if (!matcher.Matches(value))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var matcher in _evaluators)
        {
            if (matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }

    public override bool CollectFields(FieldReads reads)
    {
        reads.Value(field);
        return true;
    }

    public override AnchorSet? GetAnchors(AnchorContext context)
    {
        if (matchers.Length == 0)
        {
            return null;
        }

        if (matchAll)
        {
            AnchorSet? best = null;
            foreach (var matcher in matchers)
            {
                best = context.Best(best, new AnchorSet([matcher.GetAnchor(field)]));
            }

            return best;
        }

        return new AnchorSet(matchers.Select(m => m.GetAnchor(field)).Distinct().ToList());
    }
}
