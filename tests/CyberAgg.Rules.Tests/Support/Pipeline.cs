using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Support;

/// <summary>Detection plus correlation wired the way the correlator will use them.</summary>
internal sealed class Pipeline
{
    private readonly List<MatchedRule> _matches = [];
    private int _nextEventId;

    public Pipeline(RuleSet rules, CorrelationOptions? options = null, TimeProvider? timeProvider = null)
    {
        Detection = new DetectionEngine(rules);
        Correlation = new CorrelationEngine(rules, options, timeProvider);
    }

    public static DateTimeOffset T0 { get; } = new(2025, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public DetectionEngine Detection { get; }

    public CorrelationEngine Correlation { get; }

    public List<CorrelationAlert> Alerts { get; } = [];

    public ObserveOutcome Feed(DateTimeOffset time, params (string Field, string? Value)[] fields) =>
        Feed(time, TestEvents.Of(fields));

    public ObserveOutcome Feed(DateTimeOffset time, IEventFields fields, string? tlp = null)
    {
        _matches.Clear();
        Detection.Match(fields, _matches);
        return Correlation.Observe(_matches, fields, time, $"e{++_nextEventId}", tlp, Alerts);
    }
}
