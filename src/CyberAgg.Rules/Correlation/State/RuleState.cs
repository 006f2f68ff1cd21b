using System.Globalization;
using CyberAgg.Rules.Detection.Matching;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>All groups of one correlation rule, bounded by evicting the least recently updated group.</summary>
internal sealed class RuleState
{
    private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
    private readonly RecencyOrder _recency;
    private readonly List<GroupState> _expired = [];
    private const int MaxPooledWindows = 4_096;
    private readonly Stack<GroupState> _earlyPool = new();
    private readonly CorrelationOptions _options;
    private readonly AlertFactory _alerts;

    // Whole-window groups by the end of their open window, so the watermark can decide them without a scan.
    private readonly PriorityQueue<GroupState, DateTimeOffset> _closing = new();

    // Where each input's value fields and the context fields sit in a buffered event's snapshot.
    private readonly int[][] _valuePositions;
    private readonly int[] _contextPositions;

    public RuleState(CorrelationRule rule, CorrelationOptions options, AlertFactory alerts, IReadOnlyDictionary<string, int> snapshotPositions)
    {
        Rule = rule;
        _recency = new RecencyOrder(_groups.Values);
        _options = options;
        _alerts = alerts;
        _valuePositions = new int[rule.Inputs.Length][];
        foreach (var input in rule.Inputs)
        {
            _valuePositions[input.Position] = [.. input.ValueFields.Select(f => snapshotPositions[f])];
        }

        _contextPositions = [.. options.ContextFields.Select(f => snapshotPositions[f])];
    }

    public CorrelationRule Rule { get; }

    public int GroupCount => _groups.Count;

    public CorrelationCounters Counters { get; } = new();

    public IEnumerable<GroupState> Groups => _groups.Values;

    /// <summary>
    /// Adds one event to its group's window. Observations arrive in event-time order (the engine releases them
    /// behind the watermark), so the outcome does not depend on arrival order.
    /// </summary>
    /// <returns>
    /// For a lower-bound rule, the alert when this event made the condition true. For a whole-window rule, the
    /// decision of the previous window when this event falls after its end.
    /// </returns>
    public CorrelationAlert? Observe(CorrelationInput input, string key, string[]? groupValues, BufferedEvent fields, DateTimeOffset time, string eventId, int tlpRank, ulong ruleMask)
    {
        var group = GetOrCreate(key, groupValues);
        if (group.Contains(time, eventId))
        {
            // The same event delivered again (a replayed batch, a restored window): one observation.
            Counters.Duplicates++;
            return null;
        }

        if (Rule.DecidedAtWindowEnd)
        {
            return ObserveWholeWindow(group, input, fields, time, eventId, tlpRank, ruleMask);
        }

        if (time <= group.SuppressUntil)
        {
            // Evidence for a window that already raised its one alert.
            Counters.Suppressed++;
            return null;
        }

        var timespan = Rule.Timespan;
        if (group.Count > 0 && time < group.Latest - timespan)
        {
            Counters.OutOfWindow++;
            return null;
        }

        var observation = CreateObservation(input, fields, time, eventId, tlpRank, ruleMask);
        Counters.Dropped += group.Add(observation, fields, _valuePositions[input.Position], _contextPositions, timespan, _options.MaxObservationsPerGroup);
        if (!ConditionHolds(group, CurrentValue(input, fields), out var value))
        {
            return null;
        }

        return Raise(group, value);
    }

    /// <summary>
    /// Early firing, for a lower-bound rule: adds an event as it arrives, ahead of the watermark, to a second window
    /// of its group that holds every event in hand (released or still buffered) in event-time order.
    /// </summary>
    /// <returns>The early alert when the events in hand make the condition true; null otherwise.</returns>
    /// <remarks>
    /// Adding events can only make a lower bound true sooner, so each early alert's evidence will also raise (or
    /// be absorbed by) an alert when the watermark releases it; <see cref="Raise"/> matches that decision to the
    /// early alert.
    /// </remarks>
    public CorrelationAlert? ObserveEarly(CorrelationInput input, string key, string[]? groupValues, BufferedEvent fields, DateTimeOffset time, string eventId, int tlpRank, ulong ruleMask)
    {
        var group = GetOrCreate(key, groupValues);
        if (time <= group.SuppressUntil || time <= group.EarlySuppressUntil)
        {
            // Evidence of an alert already decided by the watermark, or already raised early.
            return null;
        }

        var timespan = Rule.Timespan;
        var early = group.Early ??= RentEarly(group);
        if ((early.Count > 0 && time < early.Latest - timespan) || early.Contains(time, eventId))
        {
            return null;
        }

        var observation = CreateObservation(input, fields, time, eventId, tlpRank, ruleMask);
        early.Add(observation, fields, _valuePositions[input.Position], _contextPositions, timespan, _options.MaxObservationsPerGroup);
        if (!ConditionHolds(early, CurrentValue(input, fields), out var value))
        {
            return null;
        }

        var alert = _alerts.Create(Rule, early, value, early: true);
        group.EarlySuppressUntil = alert.WindowEnd;
        ReturnEarly(group);
        (group.PendingEarly ??= []).Add(alert);
        Counters.EarlyAlerts++;
        return alert;
    }

    /// <summary>
    /// Decides every whole-window group whose window ended before <paramref name="watermark"/>, appending the alerts.
    /// </summary>
    public void DecideClosedWindows(DateTimeOffset watermark, List<CorrelationAlert> alerts)
    {
        while (_closing.TryPeek(out var group, out var end) && end < watermark)
        {
            _closing.Dequeue();
            if (group.Live && group.WindowStart is { } start && start + Rule.Timespan == end)
            {
                if (Decide(group) is { } alert && alert.Rule.GeneratesAlerts)
                {
                    alerts.Add(alert);
                }
            }
        }
    }

    /// <summary>Seeds suppression from an alert raised before a restart, so its window does not alert again.</summary>
    public void Suppress(string key, string[] groupValues, DateTimeOffset windowEnd)
    {
        var group = GetOrCreate(key, groupValues);
        if (windowEnd > group.SuppressUntil)
        {
            group.SuppressUntil = windowEnd;
        }

        if (windowEnd > group.EarlySuppressUntil)
        {
            group.EarlySuppressUntil = windowEnd;
            DropEarlyThrough(group, windowEnd);
        }
    }

    private CorrelationAlert? ObserveWholeWindow(GroupState group, CorrelationInput input, BufferedEvent fields, DateTimeOffset time, string eventId, int tlpRank, ulong ruleMask)
    {
        CorrelationAlert? decided = null;
        if (group.WindowStart is { } start && time > start + Rule.Timespan)
        {
            decided = Decide(group);
        }

        if (time <= group.SuppressUntil)
        {
            Counters.Suppressed++;
            return decided;
        }

        if (group.WindowStart is null)
        {
            group.WindowStart = time;
            _closing.Enqueue(group, time + Rule.Timespan);
        }

        var observation = CreateObservation(input, fields, time, eventId, tlpRank, ruleMask);
        Counters.Dropped += group.Add(observation, fields, _valuePositions[input.Position], _contextPositions, Rule.Timespan, _options.MaxObservationsPerGroup);
        return decided;
    }

    /// <summary>Closes a whole window: the alert when its condition holds over everything in it.</summary>
    private CorrelationAlert? Decide(GroupState group)
    {
        group.WindowStart = null;
        if (group.Count == 0)
        {
            return null;
        }

        if (WholeWindowHolds(group, out var value))
        {
            return Raise(group, value);
        }

        group.Clear();
        return null;
    }

    private CorrelationAlert Raise(GroupState group, double value)
    {
        var pending = group.PendingEarly is { Count: > 0 } list ? list : null;
        var alert = pending is not null && Confirm(pending, group) is { } confirmed ? confirmed : _alerts.Create(Rule, group, value);
        group.SuppressUntil = alert.WindowEnd;
        group.Clear();
        Counters.Alerts++;
        if (alert.WindowEnd > group.EarlySuppressUntil)
        {
            // The early window forgets what this alert absorbed, as the watermark's window did.
            DropEarlyThrough(group, alert.WindowEnd);
        }

        if (pending is null)
        {
            return alert;
        }

        var reported = alert.Confirmed ? alert : MatchEarly(pending, alert);
        ForgetEmptyPending(group);
        return reported;
    }

    /// <summary>
    /// The early alert this decision repeats (same first evidence, so the same id, and the same evidence), marked
    /// confirmed and no longer pending; null when none does. Compared on the window itself, so a confirmation builds
    /// no second alert.
    /// </summary>
    private CorrelationAlert? Confirm(List<CorrelationAlert> pending, GroupState group)
    {
        var count = group.Count;
        for (var i = 0; i < pending.Count; i++)
        {
            var early = pending[i];
            if (early.FirstSeen != group[0].Time || early.EventCount != count || early.LastSeen != group[count - 1].Time
                || early.EvidenceEventIds.Count != Math.Min(count, _options.MaxEvidenceEvents))
            {
                continue;
            }

            var tlpRank = 0;
            var same = true;
            for (var j = 0; j < count; j++)
            {
                var observation = group[j];
                tlpRank = Math.Max(tlpRank, observation.TlpRank);
                if (j < early.EvidenceEventIds.Count && !string.Equals(early.EvidenceEventIds[j], observation.EventId, StringComparison.Ordinal))
                {
                    same = false;
                    break;
                }
            }

            if (same && TrafficLightProtocol.Rank(early.Tlp) == tlpRank)
            {
                pending.RemoveAt(i);
                early.Confirmed = true;
                return early;
            }
        }

        return null;
    }

    /// <summary>
    /// The watermark's decision for a group with early alerts out: the same alert (nothing new to report), or a
    /// revision under the id of the early alert whose window it overlaps; an alert no early one reported is new.
    /// </summary>
    private CorrelationAlert MatchEarly(List<CorrelationAlert> pending, CorrelationAlert alert)
    {
        var match = -1;
        for (var i = 0; i < pending.Count; i++)
        {
            if (pending[i].AlertId == alert.AlertId)
            {
                match = i;
                break;
            }

            if (match < 0 && pending[i].FirstSeen <= alert.WindowEnd && alert.FirstSeen <= pending[i].WindowEnd)
            {
                match = i;
            }
        }

        if (match < 0)
        {
            return alert;
        }

        var early = pending[match];
        pending.RemoveAt(match);
        Counters.EarlyRevised++;
        return alert.Revising(early);
    }

    /// <summary>Drops groups whose window and suppression both ended before the watermark.</summary>
    public void Expire(DateTimeOffset watermark)
    {
        var closable = watermark - DateTimeOffset.MinValue > Rule.Timespan;
        foreach (var group in _groups.Values)
        {
            if (closable)
            {
                ExpireEarly(group, watermark);
            }
            var closed = closable && group.Latest < watermark - Rule.Timespan;
            if (closed && group.SuppressUntil < watermark && group.WindowStart is null && EarlyClosed(group, watermark))
            {
                _expired.Add(group);
            }
        }

        foreach (var group in _expired)
        {
            Remove(group);
            Counters.Expired++;
        }

        _expired.Clear();
        _recency.Trim(_groups.Count, _options.MaxGroupsPerRule);
    }

    /// <summary>
    /// Forgets early alerts the watermark can no longer match: a decision overlapping one starts within its window
    /// and is raised at most one timespan after that.
    /// </summary>
    private void ExpireEarly(GroupState group, DateTimeOffset watermark)
    {
        if (group.PendingEarly is not { Count: > 0 } pending)
        {
            return;
        }

        var unmatched = pending.RemoveAll(a => a.WindowEnd < watermark - Rule.Timespan);
        Counters.EarlyUnmatched += unmatched;
        ForgetEmptyPending(group);
    }

    /// <summary>Drops a group's list of early alerts once none is pending: most groups alert once per window.</summary>
    private static void ForgetEmptyPending(GroupState group)
    {
        if (group.PendingEarly is { Count: 0 })
        {
            group.PendingEarly = null;
        }
    }

    private bool EarlyClosed(GroupState group, DateTimeOffset watermark) =>
        group.PendingEarly is not { Count: > 0 }
        && group.EarlySuppressUntil < watermark
        && (group.Early is not { } early || early.Count == 0 || early.Latest < watermark - Rule.Timespan);

    /// <summary>An empty early window for <paramref name="group"/>, from the pool when one is there.</summary>
    private GroupState RentEarly(GroupState group)
    {
        if (_earlyPool.TryPop(out var early))
        {
            early.Rebind(group.Key, group.GroupValues);
            return early;
        }

        return new GroupState(group.Key, group.GroupValues, Rule.ValueFields.Count, _options.ContextFields.Count, Rule.Inputs.Length);
    }

    /// <summary>Empties the group's early window and pools it: most groups hold nothing early between alerts.</summary>
    private void ReturnEarly(GroupState group)
    {
        if (group.Early is not { } early)
        {
            return;
        }

        group.Early = null;
        if (_earlyPool.Count < MaxPooledWindows)
        {
            early.Rebind(string.Empty, []);
            _earlyPool.Push(early);
        }
    }

    private void DropEarlyThrough(GroupState group, DateTimeOffset time)
    {
        if (group.Early is { } early)
        {
            early.DropThrough(time);
            if (early.Count == 0)
            {
                ReturnEarly(group);
            }
        }
    }

    private GroupState GetOrCreate(string key, string[]? groupValues)
    {
        if (_groups.TryGetValue(key, out var group))
        {
            _recency.Touch(group);
            return group;
        }

        if (_groups.Count >= _options.MaxGroupsPerRule)
        {
            Remove(_recency.Oldest());
            Counters.Evicted++;
        }

        group = new GroupState(key, CorrelationRule.GroupValues(key, groupValues), Rule.ValueFields.Count, _options.ContextFields.Count, Rule.Inputs.Length);
        _groups.Add(key, group);
        _recency.Touch(group);
        return group;
    }

    private void Remove(GroupState group)
    {
        _groups.Remove(group.Key);
        group.Live = false;
        ReturnEarly(group);
    }

    /// <summary>The observation of one event; its values are copied from the snapshot into the group by <see cref="GroupState.Add"/>.</summary>
    private Observation CreateObservation(CorrelationInput input, BufferedEvent fields, DateTimeOffset time, string eventId, int tlpRank, ulong ruleMask)
    {
        var number = double.NaN;
        if (Rule.Type is CorrelationType.ValueSum or CorrelationType.ValueAverage
            && _valuePositions[input.Position].Length > 0
            && double.TryParse(CurrentValue(input, fields), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            number = parsed;
        }

        return new Observation(time, eventId, tlpRank, ruleMask, number);
    }

    /// <summary>The event's first value field for this input, or null when the rule has none or the event lacks it.</summary>
    private string? CurrentValue(CorrelationInput input, BufferedEvent fields)
    {
        var positions = _valuePositions[input.Position];
        return positions.Length == 0 ? null : fields.ValueAt(positions[0]);
    }

    private bool ConditionHolds(GroupState group, string? current0, out double value)
    {
        switch (Rule.Type)
        {
            case CorrelationType.EventCount:
                value = group.Count;
                break;
            case CorrelationType.ValueCount:
                // Several value fields are ANDed: each must reach the condition on its own.
                for (var i = 1; i < Rule.ValueFields.Count; i++)
                {
                    if (!Holds(group.Values(i).Distinct))
                    {
                        value = group.Values(0).Distinct;
                        return false;
                    }
                }

                value = group.Values(0).Distinct;
                break;
            case CorrelationType.Temporal:
                value = group.DistinctRules();
                break;
            case CorrelationType.TemporalOrdered:
                value = group.OrderedPrefix(Rule.Inputs.Length);
                break;
            case CorrelationType.ValueSum:
                value = group.Sum;
                if (group.NumericCount == 0)
                {
                    return false;
                }

                break;
            case CorrelationType.ValueAverage:
                value = group.NumericCount == 0 ? double.NaN : group.Sum / group.NumericCount;
                if (group.NumericCount == 0)
                {
                    return false;
                }

                break;
            default:
                // value_percentile: how common the current event's value is in the window, in percent.
                value = current0 is null ? double.NaN : 100.0 * group.Values(0).CountOf(current0) / group.Count;
                if (current0 is null)
                {
                    return false;
                }

                break;
        }

        return Holds(value);
    }

    private bool WholeWindowHolds(GroupState group, out double value)
    {
        if (Rule.Type != CorrelationType.ValuePercentile)
        {
            return ConditionHolds(group, Rule.ValueFields.Count > 0 ? group.Value(group.Count - 1, 0) : null, out value);
        }

        // value_percentile over the whole window: some value of the field makes up a share (percent) of the
        // window's events that meets the condition, e.g. a process seen in at most 1 % of them.
        var counter = group.Values(0);
        foreach (var candidate in counter.Values())
        {
            value = 100.0 * counter.CountOf(candidate) / group.Count;
            if (Holds(value))
            {
                return true;
            }
        }

        value = double.NaN;
        return false;
    }

    private bool Holds(double value)
    {
        foreach (var threshold in Rule.Condition)
        {
            if (!threshold.Comparison.Holds(value, threshold.Value))
            {
                return false;
            }
        }

        return true;
    }
}
