using System.Security.Cryptography;
using System.Text;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Correlator.Evaluation;

/// <summary>Runs detection and correlation rules over events and turns what fires into <see cref="Alert"/>s.</summary>
/// <remarks>Not thread-safe: one evaluator per consuming loop, as correlation state is keyed by indicator.</remarks>
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

    public RuleEvaluator(RuleSet rules, TimeSpan lateness, bool detectionAlerts, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        time = timeProvider ?? TimeProvider.System;
        detection = new DetectionEngine(rules);
        correlation = new CorrelationEngine(rules, new CorrelationOptions { AllowedLateness = lateness }, time);
        this.detectionAlerts = detectionAlerts;
    }

    /// <summary>Events that arrived behind the watermark: stored, but not correlated.</summary>
    public long LateEvents { get; private set; }

    /// <summary>Size of the correlation state, for the state-size metric.</summary>
    public CorrelationStatistics Statistics => correlation.GetStatistics();

    /// <summary>Evaluates one event, appending the alerts it raises.</summary>
    public void Evaluate(SecurityEvent e, List<Alert> output)
    {
        ArgumentNullException.ThrowIfNull(e);
        matched.Clear();
        fired.Clear();
        var fields = view.Reset(e);
        detection.Match(fields, matched);
        var eventId = e.EventId ?? "";
        if (correlation.Observe(matched, fields, e.Timestamp, eventId, e.Tlp.ToName(), fired) == ObserveOutcome.Late)
        {
            LateEvents++;
        }

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

        foreach (var alert in fired)
        {
            output.Add(FromCorrelation(alert));
        }
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
            GroupFields = alert.GroupValues.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            Countries = countries.Order(StringComparer.Ordinal).ToArray(),
            Partners = partners.Order(StringComparer.Ordinal).ToArray(),
            EventCount = alert.EventCount,
            EvidenceEventIds = alert.EvidenceEventIds,
            Tlp = alert.Tlp,
        };
    }

    private static string DeterministicId(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
