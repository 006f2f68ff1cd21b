using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>A compiled boolean test over an event: the building block of rule detections.</summary>
internal abstract class EventPredicate
{
    public abstract bool Evaluate(IEventFields fields);

    /// <summary>Rough relative cost of one evaluation: a field lookup is 1, see <see cref="Matching.ValueMatcher.Cost"/>.</summary>
    public abstract int Cost { get; }

    /// <summary>
    /// Anchors that hold on every event this predicate matches, or null when none can be derived; where there is a
    /// choice (the parts of an AND), <paramref name="context"/> picks the set expected to make the fewest candidates.
    /// </summary>
    public abstract AnchorSet? GetAnchors(AnchorContext context);

    /// <summary>
    /// Adds every field the result depends on to <paramref name="reads"/>; false when the result depends on fields
    /// that cannot be named in advance (a keyword search over every field).
    /// </summary>
    public abstract bool CollectFields(FieldReads reads);

    /// <summary>
    /// <see cref="CollectFields"/> of a composite: every part's fields, and true only when every part's can be named.
    /// </summary>
    protected static bool CollectFieldsOfAll(EventPredicate[] parts, FieldReads reads)
    {
        var named = true;
        foreach (var part in parts)
        {
            named &= part.CollectFields(reads);
        }

        return named;
    }
}
