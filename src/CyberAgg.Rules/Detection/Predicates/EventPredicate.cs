using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Predicates;

/// <summary>A compiled boolean test over an event: the building block of rule detections.</summary>
internal abstract class EventPredicate
{
    public abstract bool Evaluate(IEventFields fields);

    /// <summary>Anchors that hold on every event this predicate matches, or null when none can be derived.</summary>
    public abstract AnchorSet? GetAnchors();
}
