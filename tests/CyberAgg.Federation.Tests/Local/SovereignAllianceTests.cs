using System.Text;
using ClickHouse.Driver.ADO;
using ClickHouse.Driver.Utility;
using CyberAgg.Events.Alerts;
using CyberAgg.Federation.Blinding;
using Xunit.Abstractions;

namespace CyberAgg.Federation.Tests.Local;

/// <summary>Three sovereign nodes against central mode on the same scenario (one run, see <see cref="SovereignRunFixture"/>).</summary>
public sealed class SovereignAllianceTests(SovereignRunFixture run, ITestOutputHelper output) : IClassFixture<SovereignRunFixture>
{
    [Fact]
    public void Alerts_SameScenario_MatchCentralMode()
    {
        var c = run.Comparison;
        output.WriteLine($"central {c.Central.Count}, sovereign {c.Sovereign.Count}, alliance {c.AllianceMessages} messages / {c.AllianceBytes} bytes, added p99 {c.AddedLatencyP99?.TotalMilliseconds:F0} ms over {c.LatencySamples}");
        output.WriteLine($"restart {run.Restart}");
        foreach (var n in run.Alliance.Nodes)
        {
            output.WriteLine($"  {n.Spec.Node}: events {n.Pipeline!.Totals.Messages} stored {n.Pipeline.Totals.EventsStored} published {n.Publisher!.Published} withheld {n.Publisher.Withheld} tokens {n.Publisher.Indicators.Count} accepted {n.Matcher!.BatchesAccepted} refused {n.Matcher.BatchesRefused} wm {n.Matcher.Watermark - run.Start}");
        }

        foreach (var key in c.Central)
        {
            output.WriteLine("  " + key);
        }

        c.Missed.ShouldBeEmpty("every alert of central mode (but TLP:RED ones) is raised in sovereign mode");
        c.Extra.ShouldBeEmpty("sovereign mode raises nothing central mode does not");
        c.Central.ShouldContain(k => k.Contains(SovereignRunFixture.PhishingDomain, StringComparison.Ordinal) && k.EndsWith("|EE,LV", StringComparison.Ordinal));
        c.Central.ShouldContain(k => k.Contains("cdn-telemetry-sync.example", StringComparison.Ordinal) && k.EndsWith("|EE,LT,LV", StringComparison.Ordinal));
        c.Central.ShouldNotContain(k => k.Contains("198.51.100.23", StringComparison.Ordinal), "the local-only step crosses no border");
        c.AllianceMessages.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task AllianceTopic_EveryMessage_HoldsNoRawEventValue()
    {
        var raw = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in run.Alliance.Nodes)
        {
            using var connection = new ClickHouseConnection(run.ClickHouseConnection(node.ClickHouse.Database));
            await connection.OpenAsync();
            using var reader = await connection.ExecuteReaderAsync(
                "SELECT DISTINCT arrayJoin([event_id, observer_name, source_ip, destination_ip, domain, url, file_sha256, user_name, host_name, message, process_command_line]) AS v FROM events");
            while (await reader.ReadAsync())
            {
                // Shorter strings (empty fields, digits) would match by chance, not by leaking.
                if (reader.GetString(0) is { Length: >= 6 } value)
                {
                    raw.Add(value);
                }
            }
        }

        raw.Count.ShouldBeGreaterThan(500, "the scan covers the scenario's events");
        raw.ShouldContain(SovereignRunFixture.RotatedIp);
        raw.ShouldContain(SovereignRunFixture.PhishingDomain);
        raw.ShouldContain(v => v.StartsWith("user", StringComparison.Ordinal));
        raw.ShouldContain(v => v.Contains("-ws", StringComparison.Ordinal));
        run.AllianceMessages.Count.ShouldBeGreaterThan(10);
        var leaks = raw.Where(value =>
        {
            var needle = Encoding.UTF8.GetBytes(value);
            return run.AllianceMessages.Any(m => Contains(m, needle));
        }).ToList();
        leaks.ShouldBeEmpty("no raw field value of any event crosses the alliance topic");
    }

    [Fact]
    public void TlpRed_SeenInTwoCountries_NeverPublishedNorMatched()
    {
        run.Alliance.CentralAlerts.ShouldContain(a => a.GroupKey == SovereignRunFixture.RedIp && a.Tlp == "RED", "central mode correlates the RED sightings");
        run.Alliance.SovereignAlerts.ShouldNotContain(s => s.Alert.Alert.GroupKey == SovereignRunFixture.RedIp);
        var node = run.Alliance.Nodes[0];
        var blinder = new IndicatorBlinder(KeyMaterial.Read("secret", node.Federation.BlindingSecret));
        var schedule = new EpochSchedule(node.Federation.Epoch, node.Federation.Bucket, TimeSpan.FromHours(1));
        var epoch = schedule.EpochOf(run.Start + TimeSpan.FromMinutes(20));
        foreach (var e in new[] { epoch - 1, epoch, epoch + 1 })
        {
            var token = Encoding.UTF8.GetBytes(blinder.Blind(e, "source.ip", SovereignRunFixture.RedIp));
            run.AllianceMessages.Count(m => Contains(m, token)).ShouldBe(0, "not even blinded");
        }

        run.Alliance.Nodes.Where(n => n.Spec.Country is "EE" or "LV").ShouldAllBe(n => n.Publisher!.Withheld >= 1);
    }

    [Fact]
    public void KeyRotation_InsideWindow_StillMatchesOnce()
    {
        var schedule = new EpochSchedule(SovereignRunFixture.Epoch, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        var lvSighting = run.Start + TimeSpan.FromMinutes(12);
        var eeSighting = run.Start + TimeSpan.FromMinutes(20);
        schedule.EpochOf(eeSighting).ShouldBe(schedule.EpochOf(lvSighting) + 1, "the two sightings are blinded under different epoch keys");

        var central = run.Alliance.CentralAlerts.Where(a => a.GroupKey == SovereignRunFixture.RotatedIp && a.Kind == AlertKinds.CrossBorder).ToList();
        central.ShouldNotBeEmpty();
        foreach (var node in new[] { "ee-node", "lv-node" })
        {
            var raised = run.Alliance.SovereignAlerts.Where(s => s.Node == node && s.Alert.Alert.GroupKey == SovereignRunFixture.RotatedIp).Select(s => s.Alert.Alert).ToList();
            raised.Select(a => a.RuleId).Distinct().Order().ShouldBe(central.Select(a => a.RuleId).Distinct().Order(), $"{node} raised what central mode raised");
            raised.DistinctBy(a => a.AlertId).Count().ShouldBe(raised.Select(a => a.RuleId).Distinct().Count(), $"{node} raised each rule once, not once per epoch");
            raised.ShouldAllBe(a => a.Countries.SequenceEqual(new[] { "EE", "LV" }));
        }
    }

    [Fact]
    public void RestartedNode_MidWindow_CatchesUpWithClearValue()
    {
        run.Restart.Stopped.ShouldBeGreaterThan(TimeSpan.FromMinutes(12), "LV went down after its sighting at 12m");
        run.Restart.Restarted.ShouldBeLessThan(TimeSpan.FromMinutes(20), "and was back before EE's sighting at 20m");
        var lv = run.Alliance.SovereignAlerts.Where(s => s.Node == "lv-node").ToList();
        lv.ShouldContain(s => s.Alert.ClearValue && s.Alert.Alert.GroupKey == SovereignRunFixture.RotatedIp, "the restarted node relearned its own token and matched the window it was down in");
        lv.ShouldContain(s => s.Alert.ClearValue && s.Alert.Alert.GroupKey == SovereignRunFixture.PhishingDomain, "it replayed the alliance topic for windows before the restart");
    }

    [Fact]
    public void NodeThatDidNotSeeIndicator_SeesOnlyThatPartnersSawIt()
    {
        var lt = run.Alliance.SovereignAlerts.Where(s => s.Node == "lt-node" && s.Alert.Alert.Kind == AlertKinds.CrossBorder && s.Alert.Alert.Countries.SequenceEqual(new[] { "EE", "LV" })).ToList();
        lt.ShouldNotBeEmpty("LT learns of the EE-LV phishing domain");
        lt.ShouldAllBe(s => !s.Alert.ClearValue && s.Alert.Alert.GroupKey.StartsWith("blinded:", StringComparison.Ordinal));
        lt.ShouldAllBe(s => s.Alert.Summary.Contains("EE, LV", StringComparison.Ordinal));
        run.Alliance.SovereignAlerts.Where(s => s.Node == "lt-node").ShouldNotContain(s => s.Alert.Alert.GroupKey.Contains(SovereignRunFixture.PhishingDomain, StringComparison.Ordinal));
    }

    [Fact]
    public void ReplayedAndForgedBatches_OnAllianceTopic_RefusedByEveryNode()
    {
        foreach (var node in run.Alliance.Nodes)
        {
            node.Matcher!.BatchesRefused.ShouldBeGreaterThanOrEqualTo(2, node.Spec.Node);
            node.Matcher.BatchesAccepted.ShouldBeGreaterThan(0, node.Spec.Node);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
