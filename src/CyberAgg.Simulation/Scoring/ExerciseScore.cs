using System.Diagnostics;
using CyberAgg.Events.Alerts;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using CyberAgg.Events;

namespace CyberAgg.Simulation.Scoring;

/// <summary>The exercise's score: detection coverage, time to detect and to partner alert, missed steps, false alerts.</summary>
public sealed record ExerciseScore(
    Scenario Scenario,
    double Speed,
    long EventsSent,
    IReadOnlyList<StepScore> Steps,
    IReadOnlyList<Alert> FalseAlerts,
    int CrossBorderAlerts,
    int TotalAlerts)
{
    /// <summary>Share of detectable steps that were detected.</summary>
    public double Coverage
    {
        get
        {
            var detectable = Steps.Count(s => s.DetectableAt is not null);
            return detectable == 0 ? 1 : (double)Steps.Count(s => s.Detected) / detectable;
        }
    }

    /// <summary>Scores what was played against what was observed.</summary>
    public static ExerciseScore Compute(Scenario scenario, ScenarioPlayer player, IReadOnlyCollection<ObservedAlert> observed)
    {
        // Alerts about earlier runs (their evidence predates this playback) are not this exercise's.
        observed = observed.Where(o => o.Alert.LastSeen >= player.EventTimeStart).ToList();
        var central = observed.Where(o => o.Topic == KafkaTopicNames.Alerts).ToList();
        var steps = new List<StepScore>();
        var attributed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var truth in player.Truth)
        {
            var step = scenario.Steps[truth.Index];
            var matches = central.Where(o => o.Alert.Kind == AlertKinds.CrossBorder && Mentions(o.Alert, step)).OrderBy(o => o.ReceivedTimestamp).ToList();
            foreach (var m in matches)
            {
                attributed.Add(m.Alert.AlertId);
            }

            var first = matches.FirstOrDefault();
            var partnerFirst = observed
                .Where(o => o.Topic != KafkaTopicNames.Alerts && Mentions(o.Alert, step) && step.SeenBy.Any(p => o.Topic == KafkaTopicNames.PartnerAlerts(p)))
                .OrderBy(o => o.ReceivedTimestamp).FirstOrDefault();
            TimeSpan? Since(long? at) => at is null || truth.DetectableSentTimestamp is null ? null : Stopwatch.GetElapsedTime(truth.DetectableSentTimestamp.Value, at.Value);
            steps.Add(new StepScore(
                truth.Index, step.Name, step.Indicator, truth.Sightings.Select(s => s.Country).Distinct().ToList(), truth.DetectableAt,
                first is not null, first?.Alert.RuleTitle, Since(first?.ReceivedTimestamp), Since(partnerFirst?.ReceivedTimestamp),
                first is null ? null : Stopwatch.GetElapsedTime(player.StartedTimestamp, first.ReceivedTimestamp) * player.Speed));
        }

        var crossBorder = central.Where(o => o.Alert.Kind == AlertKinds.CrossBorder).Select(o => o.Alert).DistinctBy(a => a.AlertId).ToList();
        var falseAlerts = crossBorder.Where(a => !attributed.Contains(a.AlertId) && !scenario.Steps.Any(s => Mentions(a, s))).ToList();
        return new ExerciseScore(scenario, player.Speed, player.EventsSent, steps, falseAlerts, crossBorder.Count, central.Select(o => o.Alert.AlertId).Distinct().Count());
    }

    /// <summary>Whether an alert names a step's indicator (or its technique) as what it grouped by.</summary>
    public static bool Mentions(Alert alert, ScenarioStep step) =>
        alert.GroupKey.Contains(step.Indicator, StringComparison.OrdinalIgnoreCase)
        || alert.GroupFields.Values.Any(v => string.Equals(v, step.Indicator, StringComparison.OrdinalIgnoreCase))
        || (step.Technique.Length > 0 && alert.GroupFields.Values.Contains(step.Technique, StringComparer.OrdinalIgnoreCase));
}
