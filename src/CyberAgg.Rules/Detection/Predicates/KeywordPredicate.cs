using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>Field-less keyword search: a value of any (or the configured) fields matches.</summary>
internal sealed class KeywordPredicate(ValueMatcher[] matchers, bool matchAll, IReadOnlyList<string>? searchFields) : EventPredicate
{
    private readonly ValueMatcher[] _anyOf = matchAll ? matchers : MatcherCombiner.Combine(matchers);

    /// <summary>Every value of the event (about twenty) or each search field, per matcher.</summary>
    public override int Cost { get; } = (searchFields?.Count ?? 20) * matchers.Sum(m => m.Cost);

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

    public override bool CollectFields(FieldReads reads)
    {
        if (searchFields is null)
        {
            return false;
        }

        foreach (var field in searchFields)
        {
            reads.Value(field);
        }

        return true;
    }

    /// <summary>
    /// Over named search fields, the matchers' anchors on each; over every field, the literal each matcher needs,
    /// found in any value by the engine's keyword index. Null when a matcher needs no literal (a regex, <c>*</c>).
    /// </summary>
    public override AnchorSet? GetAnchors(AnchorContext context)
    {
        if (!matchAll)
        {
            return AnchorsOf(matchers);
        }

        AnchorSet? best = null;
        foreach (var matcher in matchers)
        {
            best = context.Best(best, AnchorsOf([matcher]));
        }

        return best;
    }

    private AnchorSet? AnchorsOf(ValueMatcher[] alternatives)
    {
        var anchors = new List<FieldAnchor>();
        foreach (var matcher in alternatives)
        {
            if (searchFields is not null)
            {
                anchors.AddRange(searchFields.Select(matcher.GetAnchor));
                continue;
            }

            // Equality, prefix and suffix imply containment, which is all the keyword index can test.
            var anchor = matcher.GetAnchor(FieldAnchor.AnyField);
            if (anchor.Kind == AnchorKind.Present || FieldAnchor.ContainsLiteral(FieldAnchor.AnyField, anchor.Key) is not { } literal)
            {
                return null;
            }

            anchors.Add(literal);
        }

        return anchors.Count == 0 ? null : new AnchorSet(anchors.Distinct().ToList());
    }

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
