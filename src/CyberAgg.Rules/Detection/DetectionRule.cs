using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection;

/// <summary>A compiled Sigma detection rule: metadata plus a precompiled predicate.</summary>
public sealed class DetectionRule
{
    internal DetectionRule(RuleMetadata metadata, LogSource logSource, EventPredicate predicate, RuleCounters counters)
    {
        Metadata = metadata;
        LogSource = logSource;
        Predicate = predicate;
        Counters = counters;
    }

    public RuleMetadata Metadata { get; }

    /// <summary>The rule's <c>id</c>, or its <c>name</c> or source position when it has no id.</summary>
    public string Id => Metadata.Id;

    public string? Name => Metadata.Name;

    public string Title => Metadata.Title;

    public string? Level => Metadata.Level;

    public LogSource LogSource { get; }

    /// <summary>
    /// False when every correlation referencing this rule leaves <c>generate</c> unset: the rule then
    /// only feeds correlations and should not raise alerts of its own.
    /// </summary>
    public bool GeneratesAlerts { get; internal set; } = true;

    /// <summary>Matches that timed out in a backtracking regular expression and were treated as no match.</summary>
    public long RegexTimeouts => Counters.RegexTimeouts;

    /// <summary>Position in the owning rule set; used for allocation-free bookkeeping.</summary>
    internal int Index { get; set; }

    internal EventPredicate Predicate { get; }

    internal RuleCounters Counters { get; }

    /// <summary>Evaluates the detection alone, ignoring the log source; for tests and offline tools.</summary>
    public bool MatchesDetection(IEventFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Predicate.Evaluate(fields);
    }

    public override string ToString() => $"{Id} '{Title}'";
}
