using CyberAgg.Rules.Correlation.State;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Correlation;

/// <summary>Runs Sigma correlation rules over detection matches, on event time.</summary>
/// <remarks>
/// <para>
/// Event time follows Flink's model. The caller owns the watermark (for the correlator: the minimum over its
/// partitions of each partition's highest event time less the allowed lateness) and moves it with
/// <see cref="AdvanceWatermark"/>. <see cref="Observe"/> only buffers an event; events are released to the windows
/// in event-time order (ties by event id) once the watermark reaches them. So, for every event that is not late
/// (not older than the watermark when it arrives), the alerts are exactly those of a run over the events sorted by
/// time, whatever order they arrived in, from however many partitions consumed at whatever speeds.
/// </para>
/// <para>
/// Firing rules. Lower bounds (<c>gt</c>, <c>gte</c> on <c>event_count</c>, <c>value_count</c>, <c>value_sum</c>,
/// and <c>temporal</c>/<c>temporal_ordered</c>, which need every rule seen) keep a sliding window of the last
/// <c>timespan</c> of event time per group and fire at the event that makes the condition true. The alert's window
/// then runs from its first evidence for one <c>timespan</c>: later evidence inside it is absorbed (suppressed), so
/// one group raises one alert per window. Conditions that need the whole window (<c>lt</c>, <c>lte</c>, <c>eq</c>,
/// <c>neq</c>, any upper bound, <c>value_avg</c>, <c>value_percentile</c>) open a window at the first event of the
/// group that no earlier window holds, spanning <c>timespan</c>, and decide it once, when the watermark passes its
/// end: an alert when the condition holds over everything in it. The next window opens at the next event after it.
/// <c>value_percentile</c> holds when some value of the field makes up a share (percent) of the window's events
/// that meets the condition.
/// </para>
/// <para>
/// Late events (older than the watermark) are counted and not correlated; the same event id at the same time is
/// one observation however often it is delivered.
/// </para>
/// <para>
/// Not thread-safe: one instance owns one partition of the state. State is keyed by group key, so a
/// caller can route events to instances by <see cref="GetGroupKeys"/> and run several side by side.
/// </para>
/// </remarks>
public sealed class CorrelationEngine
{
    private readonly CorrelationOptions _options;
    private readonly TimeProvider _time;
    private readonly RuleState[] _states;
    private readonly (RuleState State, CorrelationInput Input)[][] _detectionConsumers;
    private readonly (RuleState State, CorrelationInput Input)[][] _correlationConsumers;
    private readonly RuleState[] _wholeWindowStates;
    private readonly (RuleState State, CorrelationInput Input)[][] _earlyConsumers;
    private readonly List<PendingObservation> _pending = [];
    private const int MaxPooledEvents = 65_536;
    private readonly EventBuffer _buffer = new();
    private readonly Stack<BufferedEvent> _pool = new();
    private readonly string[] _snapshotFields;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private long _lateEvents;
    private long _duplicates;

    public CorrelationEngine(RuleSet rules, CorrelationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _options = options ?? CorrelationOptions.Default;
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        var alerts = new AlertFactory(_options, _time);
        // A buffered event keeps only the fields some correlation reads, not the whole event.
        _snapshotFields = rules.CorrelationRules
            .SelectMany(r => r.Inputs.SelectMany(i => i.GroupFields.Concat(i.ValueFields)))
            .Concat(_options.ContextFields)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var positions = _snapshotFields.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        _states = rules.CorrelationRules.Select(r => new RuleState(r, _options, alerts, positions)).ToArray();
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
        _wholeWindowStates = _states.Where(s => s.Rule.DecidedAtWindowEnd).ToArray();
        _earlyConsumers = _detectionConsumers
            .Select(c => c.Where(p => !p.State.Rule.DecidedAtWindowEnd && p.State.Rule.GeneratesAlerts).ToArray())
            .ToArray();

    }

    /// <summary>The watermark last given to <see cref="AdvanceWatermark"/>; events older than it are late.</summary>
    public DateTimeOffset Watermark { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Events waiting for the watermark to reach them.</summary>
    public int BufferedEvents => _buffer.Count;

    /// <summary>Event time of the oldest buffered event, or null when none waits.</summary>
    public DateTimeOffset? OldestBuffered => _buffer.TryPeek(out var first) ? first.Time : null;

    /// <summary>
    /// Accepts one event for correlation: it is buffered until the watermark reaches its time (see the remarks).
    /// </summary>
    /// <param name="matched">Detection rules the event matched (may be empty).</param>
    /// <param name="fields">The event, for group-by and value fields; read now, not kept.</param>
    /// <param name="eventTime">The event's <c>@timestamp</c>.</param>
    /// <param name="eventId">The caller's id for the event, carried as alert evidence.</param>
    /// <param name="tlp">The event's TLP label; null means the default AMBER.</param>
    /// <param name="early">
    /// With <see cref="CorrelationOptions.EarlyFiring"/>, receives the alerts of lower-bound rules that the events in
    /// hand already make true (see <see cref="CorrelationAlert.Early"/>); null to leave every decision to the watermark.
    /// An event older than <see cref="CorrelationOptions.EarlyFiringHorizon"/> leaves its decisions to the watermark too.
    /// </param>
    public ObserveOutcome Observe(
        IReadOnlyList<MatchedRule> matched,
        IEventFields fields,
        DateTimeOffset eventTime,
        string eventId,
        string? tlp,
        List<CorrelationAlert>? early = null)
    {
        ArgumentNullException.ThrowIfNull(matched);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(eventId);
        if (eventTime < Watermark)
        {
            _lateEvents++;
            return ObserveOutcome.Late;
        }

        // Indexed loops: a foreach over the interface would allocate an enumerator per event.
        var count = 0;
        for (var i = 0; i < matched.Count; i++)
        {
            if (_detectionConsumers[matched[i].Rule.Index].Length > 0)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return ObserveOutcome.Accepted;
        }

        var buffered = _pool.Count > 0 ? _pool.Pop() : new BufferedEvent(_snapshotFields);
        buffered.Set(eventTime, eventId, TrafficLightProtocol.Rank(tlp), fields);
        for (var i = 0; i < matched.Count; i++)
        {
            var index = matched[i].Rule.Index;
            if (_detectionConsumers[index].Length > 0)
            {
                buffered.AddDetection(index);
            }
        }

        _buffer.Add(buffered);
        if (early is not null && _options.EarlyFiring && IsLive(eventTime))
        {
            FireEarly(buffered, early);
        }

        return ObserveOutcome.Accepted;
    }

    /// <summary>
    /// Moves the watermark to <paramref name="watermark"/> (it never moves back): releases every buffered event up to
    /// it to the windows in event-time order and decides whole windows that ended before it. Alerts raised are
    /// appended to <paramref name="alerts"/>.
    /// </summary>
    public void AdvanceWatermark(DateTimeOffset watermark, List<CorrelationAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (watermark <= Watermark)
        {
            return;
        }

        Watermark = watermark;
        var previousTicks = long.MinValue;
        var previousId = "";
        while (_buffer.TryTake(watermark, out var next))
        {
            // Copies of one event (same id, same time) are released one after the other, as ties are released in id
            // order: the first is the observation, the others are counted. (A copy that arrives after its time was
            // released is caught by its group, which holds the observation.)
            var ticks = next.Time.UtcTicks;
            if (ticks == previousTicks && string.Equals(next.EventId, previousId, StringComparison.Ordinal))
            {
                _duplicates++;
            }
            else
            {
                previousTicks = ticks;
                previousId = next.EventId;
                foreach (var state in _wholeWindowStates)
                {
                    // Windows that end before this event are decided before it is applied, as a sorted run would.
                    state.DecideClosedWindows(next.Time, alerts);
                }

                Release(next, alerts);
            }

            if (_pool.Count < MaxPooledEvents)
            {
                next.Clear();
                _pool.Push(next);
            }
        }

        foreach (var state in _wholeWindowStates)
        {
            state.DecideClosedWindows(watermark, alerts);
        }

        if (_lastSweep == DateTimeOffset.MinValue)
        {
            _lastSweep = watermark;
        }
        else if (watermark - _lastSweep >= _options.SweepInterval)
        {
            SweepExpired();
        }
    }

    /// <summary>End of a bounded input (a file, a test): releases and decides everything.</summary>
    public void Flush(List<CorrelationAlert> alerts) => AdvanceWatermark(DateTimeOffset.MaxValue, alerts);

    /// <summary>
    /// Seeds the state with an alert raised before a restart: evidence of its group up to <paramref name="windowEnd"/>
    /// is absorbed instead of raising the alert again.
    /// </summary>
    /// <returns>False when no correlation rule has that id.</returns>
    public bool RestoreAlert(string ruleId, IReadOnlyList<string> groupValues, DateTimeOffset windowEnd)
    {
        ArgumentNullException.ThrowIfNull(groupValues);
        foreach (var state in _states)
        {
            if (state.Rule.Id == ruleId)
            {
                var values = groupValues.ToArray();
                state.Suppress(CorrelationRule.JoinGroupKey(values), values, windowEnd);
                return true;
            }
        }

        return false;
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

        long duplicates = _duplicates, early = 0, revised = 0, unmatched = 0;
        foreach (var state in _states)
        {
            duplicates += state.Counters.Duplicates;
            early += state.Counters.EarlyAlerts;
            revised += state.Counters.EarlyRevised;
            unmatched += state.Counters.EarlyUnmatched;
        }

        return new CorrelationStatistics(groups, observations, bytes, _lateEvents, evicted, expired, dropped, suppressed, outOfWindow, raised)
        {
            BufferedEvents = _buffer.Count,
            DuplicateEvents = duplicates,
            EarlyAlerts = early,
            EarlyRevised = revised,
            EarlyUnmatched = unmatched,
        };
    }

    private void Release(BufferedEvent e, List<CorrelationAlert> alerts)
    {
        _pending.Clear();
        for (var i = 0; i < e.DetectionCount; i++)
        {
            Collect(_detectionConsumers[e.Detection(i)], e, 0);
        }

        // Chained correlations consume alerts of the rules they reference, with the same event.
        for (var i = 0; i < _pending.Count; i++)
        {
            var pending = _pending[i];
            var alert = pending.State.Observe(pending.Input, pending.Key, pending.GroupValues, e, e.Time, e.EventId, e.TlpRank, pending.Mask);
            if (alert is null)
            {
                continue;
            }

            if (alert.Rule.GeneratesAlerts && !alert.Confirmed)
            {
                alerts.Add(alert);
            }

            Collect(_correlationConsumers[alert.Rule.Index], e, i + 1);
        }
    }

    /// <summary>Within <see cref="CorrelationOptions.EarlyFiringHorizon"/> of the wall clock, or no horizon set.</summary>
    private bool IsLive(DateTimeOffset eventTime) =>
        _options.EarlyFiringHorizon is not { } horizon || _time.GetUtcNow() - eventTime <= horizon;

    /// <summary>
    /// Early firing: the lower-bound rules the event's matches feed directly see it now, in the early windows of
    /// their groups; chained correlations and whole-window rules wait for the watermark.
    /// </summary>
    private void FireEarly(BufferedEvent e, List<CorrelationAlert> alerts)
    {
        _pending.Clear();
        for (var i = 0; i < e.DetectionCount; i++)
        {
            Collect(_earlyConsumers[e.Detection(i)], e, 0);
        }

        foreach (var pending in _pending)
        {
            if (pending.State.ObserveEarly(pending.Input, pending.Key, pending.GroupValues, e, e.Time, e.EventId, e.TlpRank, pending.Mask) is { } alert)
            {
                alerts.Add(alert);
            }
        }

        _pending.Clear();
    }

    /// <summary>Queues observations, merging with queued ones from <paramref name="firstUnprocessed"/> on.</summary>
    private void Collect((RuleState State, CorrelationInput Input)[] consumers, IEventFields fields, int firstUnprocessed)
    {
        foreach (var (state, input) in consumers)
        {
            if (!CorrelationRule.TryBuildGroupKeyLazy(input, fields, out var key, out var values))
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
