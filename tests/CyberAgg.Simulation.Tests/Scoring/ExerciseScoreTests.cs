using CyberAgg.Events.Alerts;
using CyberAgg.Events.Ingest;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using CyberAgg.Simulation.Scoring;
using CyberAgg.Testing;

namespace CyberAgg.Simulation.Tests.Scoring;

[Collection(SimulationCollection.Name)]
public sealed class ExerciseScoreTests(KafkaFixture kafka)
{
    private static readonly Scenario Scenario = ScenarioLoader.Parse("""
        name: scored
        duration: 30m
        speed: 600
        partners:
          - { id: ee-cert, country: EE, noise_per_minute: 60 }
          - { id: lv-cert, country: LV, noise_per_minute: 60 }
        steps:
          - { name: crosses, at: 5m, technique: T1110, indicator: { source_ip: 203.0.113.5 }, seen_by: [ee-cert, lv-cert], spread: 2m, events_per_partner: 2 }
          - { name: local, at: 10m, technique: T1595, indicator: { source_ip: 198.51.100.9 }, seen_by: [lv-cert] }
          - { name: missed one, at: 20m, technique: T1071, indicator: { domain: c2.example }, seen_by: [lv-cert, ee-cert] }
        """);

    [Fact]
    public async Task Compute_AfterPlayback_ScoresDetectedMissedLocalAndFalseAlerts()
    {
        var player = new ScenarioPlayer(Scenario, new PlaybackOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            Topic = kafka.NewTopic("sim"),
            Keys = Scenario.Partners.ToDictionary(p => p.Id, p => new IngestKey(p.Id, "k", new byte[32], p.Country)),
        });
        await player.PlayAsync(null, CancellationToken.None);
        var detectedAt = player.Truth[0].DetectableSentTimestamp!.Value + 1000;

        var score = ExerciseScore.Compute(Scenario, player,
        [
            new ObservedAlert(Alert("a1", "203.0.113.5", player.EventTimeStart), "cyberagg.alerts.v1", detectedAt),
            new ObservedAlert(Alert("a1", "203.0.113.5", player.EventTimeStart), "cyberagg.alerts.lv-cert.v1", detectedAt + 500),
            new ObservedAlert(Alert("a2", "192.0.2.77", player.EventTimeStart), "cyberagg.alerts.v1", detectedAt),
            new ObservedAlert(Alert("old", "192.0.2.78", player.EventTimeStart.AddDays(-1)), "cyberagg.alerts.v1", detectedAt),
        ]);

        player.EventsSent.ShouldBe((30 * 60 * 2) + (2 * 2) + 1 + 2, "30 min of 60/min noise from 2 partners, plus 7 sightings");
        score.Steps[0].Detected.ShouldBeTrue();
        score.Steps[0].TimeToDetect.ShouldNotBeNull();
        score.Steps[0].TimeToPartnerAlert!.Value.ShouldBeGreaterThan(score.Steps[0].TimeToDetect!.Value);
        score.Steps[1].DetectableAt.ShouldBeNull("one country is never cross-border");
        score.Steps[2].Detected.ShouldBeFalse();
        score.Coverage.ShouldBe(0.5);
        score.FalseAlerts.Select(a => a.AlertId).ShouldBe(["a2"], "an alert from an earlier run is not this exercise's");
        ExerciseReport.Markdown(score, "t.svg").ShouldContain("**missed**");
        ExerciseReport.TimelineSvg(score, player.Truth).ShouldStartWith("<svg");
    }

    private static Alert Alert(string id, string ip, DateTimeOffset seen) => new()
    {
        AlertId = id, RuleId = "r", RuleTitle = "Same Source IP", Level = "high", Kind = AlertKinds.CrossBorder,
        RaisedAt = seen, FirstSeen = seen, LastSeen = seen.AddMinutes(6),
        GroupKey = ip, GroupFields = new Dictionary<string, string> { ["source.ip"] = ip }, Countries = ["EE", "LV"],
        Partners = ["ee-cert", "lv-cert"], EventCount = 2, EvidenceEventIds = [], Tlp = "AMBER",
    };
}
