using System.Security.Cryptography;
using System.Text;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Correlator.Evaluation;

/// <summary>Runs detection and correlation rules over events and turns what fires into <see cref="Alert"/>s.</summary>
/// <remarks>
/// Detection alerts are raised at once. Correlation is on event time: events are buffered by the engine until the
/// caller's watermark (<see cref="AdvanceWatermark"/>) reaches them, so the alerts do not depend on arrival order.
/// Not thread-safe: one evaluator per consuming loop, as correlation state is keyed by indicator.
/// </remarks>
public sealed class RuleEvaluator
{
    private const string CountryField = "observer.country";
    private const string PartnerField = "observer.partner";
    private readonly DetectionEngine detection;
    private readonly CorrelationEngine correlation;
    private readonly TimeProvider time;
    private readonly bool detectionAlerts;
    private readonly SecurityEventFields view = new();
    private readonly List<MatchedRule> matched = [];
    private readonly List<CorrelationAlert> fired = [];
    private readonly CorrelationRuleIndex correlationRules;
    private readonly List<CorrelationGroupKey> keys = [];
    private readonly Dictionary<string, DetectionRule> detectionById;

    /// <param name="rules">The detection and correlation rules.</param>
    /// <param name="lateness">How long correlation waits, in event time, for stragglers.</param>
    /// <param name="detectionAlerts">Whether detection rules raise alerts of their own.</param>
    /// <param name="timeProvider">The wall clock for raise times.</param>
    /// <param name="earlyFiring">Lower bounds fire from the events in hand, ahead of the watermark (<see cref="CorrelationOptions.EarlyFiring"/>).</param>
    /// <param name="earlyFiringHorizon">Only events this close to the wall clock fire early (<see cref="CorrelationOptions.EarlyFiringHorizon"/>); null: all.</param>
    public RuleEvaluator(
        RuleSet rules, TimeSpan lateness, bool detectionAlerts, TimeProvider? timeProvider = null, bool earlyFiring = false, TimeSpan? earlyFiringHorizon = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        time = timeProvider ?? TimeProvider.System;
        detection = new DetectionEngine(rules);
        correlation = new CorrelationEngine(rules, new CorrelationOptions { AllowedLateness = lateness, EarlyFiring = earlyFiring, EarlyFiringHorizon = earlyFiringHorizon }, time);
        correlationRules = new CorrelationRuleIndex(rules);
        this.detectionAlerts = detectionAlerts;
        detectionById = rules.DetectionRules.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>The correlation watermark: events older than it are late.</summary>
    public DateTimeOffset Watermark => correlation.Watermark;

    /// <summary>Events buffered for correlation until the watermark reaches them.</summary>
    public int BufferedEvents => correlation.BufferedEvents;

    /// <summary>Moves the correlation watermark, appending the alerts raised by the events it releases.</summary>
    public void AdvanceWatermark(DateTimeOffset watermark, List<Alert> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        fired.Clear();
        correlation.AdvanceWatermark(watermark, fired);
        ReportFired(output);
    }

    /// <summary>End of a bounded input: correlates everything buffered.</summary>
    public void Flush(List<Alert> output) => AdvanceWatermark(DateTimeOffset.MaxValue, output);

    /// <summary>Seeds suppression from a stored alert, so a window restored after a restart does not alert twice.</summary>
    public bool RestoreAlert(string ruleId, IReadOnlyDictionary<string, string> groupFields, DateTimeOffset firstSeen)
    {
        ArgumentNullException.ThrowIfNull(groupFields);
        if (!correlationRules.TryGet(ruleId, out var rule))
        {
            return false;
        }

        var values = new string[rule.GroupBy.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!groupFields.TryGetValue(rule.GroupBy[i], out var value))
            {
                return false;
            }

            values[i] = value;
        }

        return correlation.RestoreAlert(ruleId, values, firstSeen + rule.Timespan);
    }

    /// <summary>Size of the correlation state, for the state-size metric.</summary>
    public CorrelationStatistics Statistics => correlation.GetStatistics();

    /// <summary>Detection alone, no correlation and no alerts: how many detection rules match (the bench's stage profile).</summary>
    public int Detect(SecurityEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        matched.Clear();
        detection.Match(view.Reset(e), matched);
        return matched.Count;
    }

    /// <summary>
    /// Evaluates one event: appends its detection alerts, and hands it to correlation unless
    /// <paramref name="correlate"/> is false (an event the clock guard refused).
    /// </summary>
    /// <returns><see cref="ObserveOutcome.Late"/> when the event is behind the watermark and not correlated.</returns>
    public ObserveOutcome Evaluate(SecurityEvent e, List<Alert> output, bool correlate = true)
    {
        ArgumentNullException.ThrowIfNull(e);
        matched.Clear();
        var fields = view.Reset(e);
        detection.Match(fields, matched);
        var eventId = e.EventId ?? "";
        var outcome = ObserveOutcome.Accepted;
        fired.Clear();
        if (correlate && correlation.Observe(matched, fields, e.Timestamp, eventId, e.Tlp.ToName(), fired) == ObserveOutcome.Late)
        {
            outcome = ObserveOutcome.Late;
        }

        // Early alerts: lower bounds the events in hand already make true.
        ReportFired(output);

        if (detectionAlerts)
        {
            foreach (var match in matched)
            {
                if (match.Rule.GeneratesAlerts)
                {
                    output.Add(FromDetection(match.Rule, e, eventId));
                }
            }
        }

        return outcome;
    }

    /// <summary>
    /// Scale-out, first half: detection alerts for the event, and one <see cref="Observation"/> per correlation
    /// group key it contributes to, to be re-keyed onto the indicators topic instead of correlated here.
    /// </summary>
    /// <param name="e">The event.</param>
    /// <param name="output">Receives detection alerts.</param>
    /// <param name="observations">Receives the observations to re-key; null for an event not to correlate (future-dated).</param>
    public void Route(SecurityEvent e, List<Alert> output, List<Observation>? observations)
    {
        ArgumentNullException.ThrowIfNull(e);
        matched.Clear();
        keys.Clear();
        var fields = view.Reset(e);
        detection.Match(fields, matched);
        var eventId = e.EventId ?? "";
        if (detectionAlerts)
        {
            foreach (var match in matched.Where(m => m.Rule.GeneratesAlerts))
            {
                output.Add(FromDetection(match.Rule, e, eventId));
            }
        }

        if (matched.Count == 0 || observations is null)
        {
            return;
        }

        correlation.GetGroupKeys(matched, fields, keys);
        Dictionary<string, string>? snapshot = null;
        foreach (var group in keys.GroupBy(k => k.Key, StringComparer.Ordinal))
        {
            // Only the detections the key's own correlations read, so the owner of another key is not fed twice.
            var feeding = matched
                .Where(m => group.Any(k => k.Rule.RuleReferences.Contains(m.Rule.Id) || (m.Rule.Name is { } name && k.Rule.RuleReferences.Contains(name))))
                .Select(m => m.Rule.Id)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            snapshot ??= Snapshot(fields);
            observations.Add(new Observation
            {
                Key = group.Key,
                EventId = eventId,
                Timestamp = e.Timestamp.ToUnixTimeMilliseconds(),
                Tlp = e.Tlp.ToName(),
                Rules = feeding,
                Fields = snapshot,
            });
        }
    }

    /// <summary>
    /// Scale-out, second half: hands one re-keyed observation to correlation (raised when the watermark reaches it,
    /// or at once into <paramref name="output"/> with early firing).
    /// </summary>
    public ObserveOutcome Correlate(Observation observation, List<Alert> output)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(output);
        matched.Clear();
        foreach (var id in observation.Rules)
        {
            if (detectionById.TryGetValue(id, out var rule))
            {
                matched.Add(new MatchedRule(rule));
            }
        }

        var fields = new CyberAgg.Rules.Events.DictionaryEventFields(observation.Fields.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        fired.Clear();
        var outcome = correlation.Observe(matched, fields, DateTimeOffset.FromUnixTimeMilliseconds(observation.Timestamp), observation.EventId, observation.Tlp, fired);
        ReportFired(output);

        return outcome;
    }

    /// <summary>The correlation alerts the last engine call put into <c>fired</c>, as <see cref="Alert"/>s.</summary>
    private void ReportFired(List<Alert> output)
    {
        foreach (var alert in fired)
        {
            output.Add(FromCorrelation(alert));
        }
    }

    private static Dictionary<string, string> Snapshot(SecurityEventFields fields)
    {
        var snapshot = new Dictionary<string, string>(fields.FieldCount, StringComparer.Ordinal);
        for (var i = 0; i < fields.FieldCount; i++)
        {
            if (fields.GetValue(i) is { } value)
            {
                snapshot[fields.GetName(i)] = value;
            }
        }

        return snapshot;
    }

    private Alert FromDetection(DetectionRule rule, SecurityEvent e, string eventId) => new()
    {
        AlertId = DeterministicId("detection", rule.Id, eventId),
        RuleId = rule.Id,
        RuleTitle = rule.Title,
        Level = rule.Level ?? "medium",
        Kind = AlertKinds.Detection,
        RaisedAt = time.GetUtcNow(),
        FirstSeen = e.Timestamp,
        LastSeen = e.Timestamp,
        GroupKey = eventId,
        GroupFields = new Dictionary<string, string>(),
        Countries = e.Country is null ? [] : [e.Country],
        Partners = e.Partner is null ? [] : [e.Partner],
        EventCount = 1,
        EvidenceEventIds = [eventId],
        Tlp = e.Tlp.ToName(),
    };

    private static Alert FromCorrelation(CorrelationAlert alert)
    {
        var countries = alert.GetValues(CountryField);
        var partners = alert.GetValues(PartnerField);
        var crossBorder = countries.Count >= 2 || (partners.Count >= 2 && alert.Rule.Type == CorrelationType.ValueCount);
        return new Alert
        {
            AlertId = alert.AlertId,
            RuleId = alert.RuleId,
            RuleTitle = alert.Title,
            Level = alert.Level ?? "high",
            Kind = crossBorder ? AlertKinds.CrossBorder : AlertKinds.Correlation,
            RaisedAt = alert.RaisedAt,
            FirstSeen = alert.FirstSeen,
            LastSeen = alert.LastSeen,
            GroupKey = alert.GroupKey,
            GroupFields = GroupFields(alert.GroupValues),
            Countries = Sorted(countries),
            Partners = Sorted(partners),
            EventCount = alert.EventCount,
            EvidenceEventIds = alert.EvidenceEventIds,
            Tlp = alert.Tlp,
        };
    }

    // Per alert: plain loops instead of LINQ's iterators and buffers (the correlation values usually come sorted).
    private static Dictionary<string, string> GroupFields(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        var fields = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            fields.Add(values[i].Key, values[i].Value);
        }

        return fields;
    }

    private static string[] Sorted(IReadOnlyList<string> values)
    {
        var sorted = new string[values.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = values[i];
        }

        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    private static string DeterministicId(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
