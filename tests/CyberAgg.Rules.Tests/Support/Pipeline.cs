using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Support;

/// <summary>
/// Detection plus correlation wired the way the correlator uses them, over one stream: the watermark follows the
/// highest event time fed less the allowed lateness, and reading <see cref="Alerts"/> drains what was fed so far.
/// </summary>
internal sealed class Pipeline
{
    private readonly List<MatchedRule> _matches = [];
    private readonly List<CorrelationAlert> _alerts = [];
    private readonly TimeSpan _lateness;
    private DateTimeOffset _highest = DateTimeOffset.MinValue;
    private int _nextEventId;

    public Pipeline(RuleSet rules, CorrelationOptions? options = null, TimeProvider? timeProvider = null)
    {
        Detection = new DetectionEngine(rules);
        Correlation = new CorrelationEngine(rules, options, timeProvider);
        _lateness = (options ?? CorrelationOptions.Default).AllowedLateness;
    }

    public static DateTimeOffset T0 { get; } = new(2025, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public DetectionEngine Detection { get; }

    public CorrelationEngine Correlation { get; }

    /// <summary>Alerts raised so far, after releasing everything fed up to the highest event time.</summary>
    public List<CorrelationAlert> Alerts
    {
        get
        {
            Drain();
            return _alerts;
        }
    }

    /// <summary>Moves the watermark to the highest event time fed, so everything fed is correlated.</summary>
    public void Drain()
    {
        if (_highest != DateTimeOffset.MinValue)
        {
            Correlation.AdvanceWatermark(_highest, _alerts);
        }
    }

    public ObserveOutcome Feed(DateTimeOffset time, params (string Field, string? Value)[] fields) =>
        Feed(time, TestEvents.Of(fields));

    public ObserveOutcome Feed(DateTimeOffset time, IEventFields fields, string? tlp = null, string? eventId = null)
    {
        _matches.Clear();
        Detection.Match(fields, _matches);
        var outcome = Correlation.Observe(_matches, fields, time, eventId ?? $"e{++_nextEventId}", tlp);
        if (time > _highest)
        {
            _highest = time;
            Correlation.AdvanceWatermark(time - _lateness, _alerts);
        }

        return outcome;
    }
}
