using System.Globalization;
using CyberAgg.Rules.Detection.Matching;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>All groups of one correlation rule, bounded by a least-recently-updated eviction list.</summary>
internal sealed class RuleState
{
    private readonly Dictionary<string, GroupState> _groups = new(StringComparer.Ordinal);
    private readonly LinkedList<GroupState> _recency = new();
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
        Counters.Dropped += group.Add(observation, timespan, _options.MaxObservationsPerGroup);
        if (!ConditionHolds(group, observation, out var value))
        {
            return null;
        }

        return Raise(group, value);
    }

    /// <summary>
    /// Decides every whole-window group whose window ended before <paramref name="watermark"/>, appending the alerts.
    /// </summary>
    public void DecideClosedWindows(DateTimeOffset watermark, List<CorrelationAlert> alerts)
    {
        while (_closing.TryPeek(out var group, out var end) && end < watermark)
        {
            _closing.Dequeue();
            if (group.WindowStart is { } start && start + Rule.Timespan == end && _groups.TryGetValue(group.Key, out var live) && ReferenceEquals(live, group))
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
        Counters.Dropped += group.Add(observation, Rule.Timespan, _options.MaxObservationsPerGroup);
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
        var alert = _alerts.Create(Rule, group, value);
        group.SuppressUntil = alert.WindowEnd;
        group.Clear();
        Counters.Alerts++;
        return alert;
    }

    /// <summary>Drops groups whose window and suppression both ended before the watermark.</summary>
    public void Expire(DateTimeOffset watermark)
    {
        var node = _recency.First;
        while (node is not null)
        {
            var next = node.Next;
            var group = node.Value;
            var closed = watermark - DateTimeOffset.MinValue > Rule.Timespan && group.Latest < watermark - Rule.Timespan;
            if (closed && group.SuppressUntil < watermark && group.WindowStart is null)
            {
                Remove(group);
                Counters.Expired++;
            }

            node = next;
        }
    }

    private GroupState GetOrCreate(string key, string[]? groupValues)
    {
        if (_groups.TryGetValue(key, out var group))
        {
            _recency.Remove(group.Node!);
            _recency.AddLast(group.Node!);
            return group;
        }

        if (_groups.Count >= _options.MaxGroupsPerRule)
        {
            Remove(_recency.First!.Value);
            Counters.Evicted++;
        }

        group = new GroupState(key, CorrelationRule.GroupValues(key, groupValues), Rule.ValueFields.Count, _options.ContextFields.Count, Rule.Inputs.Length);
        group.Node = _recency.AddLast(group);
        _groups.Add(key, group);
        return group;
    }

    private void Remove(GroupState group)
    {
        _groups.Remove(group.Key);
        _recency.Remove(group.Node!);
    }

    /// <summary>An observation that reads its values from the buffered event's snapshot: no copy per rule.</summary>
    private Observation CreateObservation(CorrelationInput input, BufferedEvent fields, DateTimeOffset time, string eventId, int tlpRank, ulong ruleMask)
    {
        var positions = _valuePositions[input.Position];
        var observation = new Observation(time, eventId, tlpRank, ruleMask, fields.Snapshot, positions, double.NaN, _contextPositions);
        if (Rule.Type is CorrelationType.ValueSum or CorrelationType.ValueAverage
            && positions.Length > 0
            && double.TryParse(observation.Value(0), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            observation = observation with { Number = parsed };
        }

        return observation;
    }

    private bool ConditionHolds(GroupState group, in Observation current, out double value)
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
                var current0 = current.ValueCount > 0 ? current.Value(0) : null;
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
            return ConditionHolds(group, group[group.Count - 1], out value);
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
