using CyberAgg.Rules.Correlation.State;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Correlation;

/// <summary>Runs Sigma correlation rules over detection matches, on event time.</summary>
/// <remarks>
/// <para>
/// Windows: each group (the rule's group-by values) keeps a sliding window of the last
/// <c>timespan</c> of event time, ending at the latest event seen for the group. The condition is
/// checked on every observation, and an alert is raised the moment it becomes true. The alert's
/// window then runs from its first evidence for one <c>timespan</c>: further evidence for the group
/// inside that window is absorbed (counted as suppressed), so there is one alert per group per
/// window. Evidence after the window starts a fresh one, which can raise the next alert.
/// </para>
/// <para>
/// Lateness: the watermark is the highest event time seen minus <see cref="CorrelationOptions.AllowedLateness"/>.
/// An event older than the watermark is counted as late and not correlated. Call
/// <see cref="Observe"/> for every event (matched or not) so the watermark follows the stream.
/// </para>
/// <para>
/// Not thread-safe: one instance owns one partition of the state. State is keyed by group key, so a
/// caller can route events to instances by <see cref="GetGroupKeys"/> and run several side by side.
/// </para>
/// </remarks>
public sealed class CorrelationEngine
{
    private readonly CorrelationOptions _options;
    private readonly RuleState[] _states;
    private readonly (RuleState State, CorrelationInput Input)[][] _detectionConsumers;
    private readonly (RuleState State, CorrelationInput Input)[][] _correlationConsumers;
    private readonly List<PendingObservation> _pending = [];
    private DateTimeOffset _maxEventTime = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private long _lateEvents;

    public CorrelationEngine(RuleSet rules, CorrelationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _options = options ?? CorrelationOptions.Default;
        _options.Validate();
        var alerts = new AlertFactory(_options, timeProvider ?? TimeProvider.System);
        _states = rules.CorrelationRules.Select(r => new RuleState(r, _options, alerts)).ToArray();
        var detectionConsumers = rules.DetectionRules.Select(_ => new List<(RuleState, CorrelationInput)>()).ToArray();
        var correlationConsumers = rules.CorrelationRules.Select(_ => new List<(RuleState, CorrelationInput)>()).ToArray();
        foreach (var state in _states)
        {
            foreach (var input in state.Rule.Inputs)
            {
                if (input.Detection is { } detection)
                {
                    detectionConsumers[detection.Index].Add((state, input));
                }
                else
                {
                    correlationConsumers[input.Correlation!.Index].Add((state, input));
                }
            }
        }

        _detectionConsumers = detectionConsumers.Select(l => l.ToArray()).ToArray();
        _correlationConsumers = correlationConsumers.Select(l => l.ToArray()).ToArray();
    }

    /// <summary>Highest event time seen minus the allowed lateness; older events are late.</summary>
    public DateTimeOffset Watermark =>
        _maxEventTime == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _maxEventTime - _options.AllowedLateness;

    /// <summary>Correlates one event. Alerts raised by it are appended to <paramref name="alerts"/>.</summary>
    /// <param name="matched">Detection rules the event matched (may be empty).</param>
    /// <param name="fields">The event, for group-by and value fields.</param>
    /// <param name="eventTime">The event's <c>@timestamp</c>.</param>
    /// <param name="eventId">The caller's id for the event, carried as alert evidence.</param>
    /// <param name="tlp">The event's TLP label; null means the default AMBER.</param>
    /// <param name="alerts">Receives the alerts raised.</param>
    public ObserveOutcome Observe(
        IReadOnlyList<MatchedRule> matched,
        IEventFields fields,
        DateTimeOffset eventTime,
        string eventId,
        string? tlp,
        List<CorrelationAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(matched);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(alerts);
        if (eventTime < Watermark)
        {
            _lateEvents++;
            return ObserveOutcome.Late;
        }

        AdvanceWatermark(eventTime);
        if (matched.Count == 0)
        {
            return ObserveOutcome.Accepted;
        }

        var tlpRank = TrafficLightProtocol.Rank(tlp);
        _pending.Clear();
        foreach (var match in matched)
        {
            Collect(_detectionConsumers[match.Rule.Index], fields, 0);
        }

        // Chained correlations consume alerts of the rules they reference, with the same event.
        for (var i = 0; i < _pending.Count; i++)
        {
            var pending = _pending[i];
            var alert = pending.State.Observe(pending.Input, pending.Key, pending.GroupValues, fields, eventTime, eventId, tlpRank, pending.Mask);
            if (alert is null)
            {
                continue;
            }

            if (alert.Rule.GeneratesAlerts)
            {
                alerts.Add(alert);
            }

            Collect(_correlationConsumers[alert.Rule.Index], fields, i + 1);
        }

        return ObserveOutcome.Accepted;
    }

    /// <summary>Moves the watermark forward without an event (for example from a partition-wide clock) and expires old groups.</summary>
    public void AdvanceWatermark(DateTimeOffset eventTime)
    {
        if (eventTime <= _maxEventTime)
        {
            return;
        }

        _maxEventTime = eventTime;
        var watermark = Watermark;
        if (_lastSweep == DateTimeOffset.MinValue)
        {
            _lastSweep = watermark;
        }
        else if (watermark - _lastSweep >= _options.SweepInterval)
        {
            SweepExpired();
        }
    }

    /// <summary>Drops every group whose window ended before the watermark.</summary>
    public void SweepExpired()
    {
        var watermark = Watermark;
        foreach (var state in _states)
        {
            state.Expire(watermark);
        }

        _lastSweep = watermark;
    }

    /// <summary>The group keys the event falls under for each correlation its matches feed, for routing by key.</summary>
    public void GetGroupKeys(IReadOnlyList<MatchedRule> matched, IEventFields fields, List<CorrelationGroupKey> output)
    {
        ArgumentNullException.ThrowIfNull(matched);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var match in matched)
        {
            foreach (var (state, input) in _detectionConsumers[match.Rule.Index])
            {
                if (CorrelationRule.TryBuildGroupKey(input, fields, out var key, out _))
                {
                    output.Add(new CorrelationGroupKey(state.Rule, key));
                }
            }
        }
    }

    /// <summary>Current state size and counters, for metrics.</summary>
    public CorrelationStatistics GetStatistics()
    {
        int groups = 0;
        long observations = 0, bytes = 0, evicted = 0, expired = 0, dropped = 0, suppressed = 0, outOfWindow = 0, raised = 0;
        foreach (var state in _states)
        {
            groups += state.GroupCount;
            foreach (var group in state.Groups)
            {
                observations += group.Count;
                bytes += group.ApproximateBytes;
            }

            var counters = state.Counters;
            evicted += counters.Evicted;
            expired += counters.Expired;
            dropped += counters.Dropped;
            suppressed += counters.Suppressed;
            outOfWindow += counters.OutOfWindow;
            raised += counters.Alerts;
        }

        return new CorrelationStatistics(groups, observations, bytes, _lateEvents, evicted, expired, dropped, suppressed, outOfWindow, raised);
    }

    /// <summary>Queues observations, merging with queued ones from <paramref name="firstUnprocessed"/> on.</summary>
    private void Collect((RuleState State, CorrelationInput Input)[] consumers, IEventFields fields, int firstUnprocessed)
    {
        foreach (var (state, input) in consumers)
        {
            if (!CorrelationRule.TryBuildGroupKey(input, fields, out var key, out var values))
            {
                continue;
            }

            // One event matching several inputs of the same rule and group is one observation.
            var mask = 1UL << input.Position;
            var merged = false;
            for (var i = firstUnprocessed; i < _pending.Count; i++)
            {
                var pending = _pending[i];
                if (ReferenceEquals(pending.State, state) && pending.Key == key)
                {
                    _pending[i] = pending with { Mask = pending.Mask | mask };
                    merged = true;
                    break;
                }
            }

            if (!merged)
            {
                _pending.Add(new PendingObservation(state, input, key, values, mask));
            }
        }
    }
}
