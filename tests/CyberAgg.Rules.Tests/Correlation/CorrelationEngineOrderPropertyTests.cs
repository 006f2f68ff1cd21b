using CsCheck;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Rules.Tests.Correlation;

/// <summary>Within the lateness bound, arrival order does not change the alerts.</summary>
public sealed class CorrelationEngineOrderPropertyTests
{
    private static readonly RuleSet RuleSet = EventTimeRules.RuleSet;
    private static readonly TimeSpan Lateness = TimeSpan.FromMinutes(5);

    private static readonly Gen<Event> GenEvent =
        Gen.Select(Gen.Int[0, 180 * 60_000], Gen.OneOfConst("x", "y", "z"), Gen.OneOfConst("EE", "LV", "LT", "FI"), Gen.OneOfConst("a", "b"), Gen.Int[0, 100])
            .Select((ms, ip, country, kind, bytes) => new Event(Pipeline.T0.AddMilliseconds(ms), ip, country, kind, bytes, ""));

    [Fact]
    public void Observe_PermutedWithinLateness_SameAlertsAsTimeOrderedRun()
    {
        RuleSet.Diagnostics.ShouldBeEmpty();
        Gen.Select(GenEvent.Array[0, 80], Gen.Int[0, (int)Lateness.TotalMilliseconds - 1].Array[80])
            .Sample(
                (events, jitter) =>
                {
                    var stream = events.Select((e, i) => e with { Id = $"e{i:D3}" }).ToArray();
                    var reference = Run(stream.OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal));

                    // An arrival order in which no event is late: each arrives at most the lateness after its time.
                    var arrival = stream.Select((e, i) => (e, Key: e.Time.AddMilliseconds(jitter[i]))).OrderBy(p => p.Key).Select(p => p.e);
                    var permuted = Run(arrival);
                    permuted.ShouldBe(reference);
                },
                iter: 400);
    }

    [Fact]
    public void Observe_EveryEventDeliveredTwice_SameAlertsAsOnce()
    {
        GenEvent.Array[1, 40].Sample(
            events =>
            {
                var stream = events.Select((e, i) => e with { Id = $"e{i:D3}" }).OrderBy(e => e.Time).ToArray();
                Run(stream.SelectMany(e => new[] { e, e })).ShouldBe(Run(stream));
            },
            iter: 200);
    }

    private static List<string> Run(IEnumerable<Event> arrival)
    {
        var engine = new CorrelationEngine(RuleSet, new CorrelationOptions { AllowedLateness = Lateness }, new FakeTimeProvider(Pipeline.T0));
        var detection = new DetectionEngine(RuleSet);
        var matched = new List<MatchedRule>();
        var alerts = new List<CorrelationAlert>();
        var highest = DateTimeOffset.MinValue;
        foreach (var e in arrival)
        {
            var fields = TestEvents.Of(("Kind", e.Kind), ("ip", e.Ip), ("country", e.Country), ("bytes", e.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            matched.Clear();
            detection.Match(fields, matched);
            engine.Observe(matched, fields, e.Time, e.Id, null).ShouldBe(ObserveOutcome.Accepted);
            if (e.Time > highest)
            {
                highest = e.Time;
                engine.AdvanceWatermark(highest - Lateness, alerts);
            }
        }

        engine.Flush(alerts);
        return alerts
            .Select(a => $"{a.RuleId}|{a.GroupKey}|{a.FirstSeen:O}|{a.LastSeen:O}|{a.EventCount}|{a.Value}|{string.Join(',', a.EvidenceEventIds)}|{string.Join(',', a.DistinctValues)}|{a.AlertId}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private sealed record Event(DateTimeOffset Time, string Ip, string Country, string Kind, int Bytes, string Id);
}
