using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Field-less keyword search: a value of any (or the configured) fields matches.</summary>
internal sealed class KeywordPredicate(ValueMatcher[] matchers, bool matchAll, IReadOnlyList<string>? searchFields) : EventPredicate
{
    private readonly ValueMatcher[] _anyOf = matchAll ? matchers : MatcherCombiner.Combine(matchers);

    public override bool Evaluate(IEventFields fields)
    {
        if (matchAll)
        {
            foreach (var matcher in matchers)
            {
                if (!AnyValueMatches(fields, matcher))
                {
                    return false;
                }
            }

            return true;
        }

        foreach (var matcher in _anyOf)
        {
            if (AnyValueMatches(fields, matcher))
            {
                return true;
            }
        }

        return false;
    }

    public override AnchorSet? GetAnchors() => null;

    private bool AnyValueMatches(IEventFields fields, ValueMatcher matcher)
    {
        if (searchFields is not null)
        {
            foreach (var field in searchFields)
            {
                if (fields.TryGet(field, out var value) && value is not null && matcher.Matches(value))
                {
                    return true;
                }
            }

            return false;
        }

        var count = fields.FieldCount;
        for (var i = 0; i < count; i++)
        {
            var value = fields.GetValue(i);
            if (value is not null && matcher.Matches(value))
            {
                return true;
            }
        }

        return false;
    }
}
