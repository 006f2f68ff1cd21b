using CsCheck;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Rules.Tests.Correlation;

/// <summary>
/// Early firing: lower bounds alert from the events in hand, ahead of the watermark, and once the watermark has
/// passed, what is reported (the latest version of each alert id) is what a run over the events in time order raises.
/// </summary>
public sealed class CorrelationEngineEarlyFiringTests
{
    private const string CrossBorder = EventTimeRules.CrossBorder;
    private const string Few = EventTimeRules.Few;
    private static readonly RuleSet RuleSet = EventTimeRules.RuleSet;
    private static readonly TimeSpan Lateness = TimeSpan.FromMinutes(5);

    private static readonly Gen<Event> GenEvent =
        Gen.Select(Gen.Int[0, 180 * 60_000], Gen.OneOfConst("x", "y", "z"), Gen.OneOfConst("EE", "LV", "LT", "FI"), Gen.OneOfConst("a", "b"))
            .Select((ms, ip, country, kind) => new Event(Pipeline.T0.AddMilliseconds(ms), ip, country, kind, ""));

    [Fact]
    public void Observe_EventsInTimeOrder_EveryLowerBoundAlertRaisedEarlyWithTheTimeOrderedIdAndNothingRevised()
    {
        RuleSet.Diagnostics.ShouldBeEmpty();
        GenEvent.Array[0, 80].Sample(
            events =>
            {
                var stream = Ordered(events.Select((e, i) => e with { Id = $"e{i:D3}" }));
                var reference = Run(stream, early: false);
                var run = Run(stream, early: true);

                run.Final.Select(a => a.Identity).ShouldBe(reference.Final.Select(a => a.Identity));
                run.Emitted.Where(a => a.RuleId != Few).ShouldAllBe(a => a.Early);
                run.Emitted.Count.ShouldBe(reference.Emitted.Count);
                run.Statistics.EarlyRevised.ShouldBe(0);
                run.Statistics.EarlyUnmatched.ShouldBe(0);
            },
            iter: 300);
    }

    [Fact]
    public void Observe_PermutedWithinLateness_ReportedAlertsAreTheTimeOrderedRunsOnesPlusOnlyCountedUnmatchedEarlyOnes()
    {
        long early = 0, revised = 0, unmatched = 0;
        Gen.Select(GenEvent.Array[0, 80], Gen.Int[0, (int)Lateness.TotalMilliseconds - 1].Array[80])
            .Sample(
                (events, jitter) =>
                {
                    var stream = events.Select((e, i) => e with { Id = $"e{i:D3}" }).ToArray();
                    var reference = Run(Ordered(stream), early: false);
                    var arrival = stream.Select((e, i) => (e, Key: e.Time.AddMilliseconds(jitter[i]))).OrderBy(p => p.Key).Select(p => p.e);
                    var run = Run(arrival, early: true);

                    // The whole-window rule is untouched, ids included.
                    run.Final.Where(a => a.RuleId == Few).Select(a => a.Identity).ShouldBe(reference.Final.Where(a => a.RuleId == Few).Select(a => a.Identity));

                    // Every alert the time-ordered run raises is reported with its evidence (under an early id when a
                    // straggler moved its window start); beyond them only early alerts no decision matched.
                    var reported = run.Final.Select(a => a.Content).ToList();
                    foreach (var content in reference.Final.Select(a => a.Content))
                    {
                        reported.Remove(content).ShouldBeTrue($"missing {content}");
                    }

                    reported.Count.ShouldBe((int)run.Statistics.EarlyUnmatched);
                    run.Final.Select(a => a.Id).ShouldBeUnique();
                    Interlocked.Add(ref early, run.Statistics.EarlyAlerts);
                    Interlocked.Add(ref revised, run.Statistics.EarlyRevised);
                    Interlocked.Add(ref unmatched, run.Statistics.EarlyUnmatched);
                },
                iter: 400);

        // The samples reached the paths that matter: alerts raised early, and stragglers that revised them.
        early.ShouldBeGreaterThan(0);
        revised.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Observe_PermutedWithinLatenessWithAHorizon_OldEventsWaitForTheWatermarkAndTheReportedAlertsAreStillTheTimeOrderedOnes()
    {
        long live = 0, old = 0, early = 0;
        var horizon = TimeSpan.FromMinutes(2);
        // Each event reaches the engine some time after it was stamped (0 to 4 minutes: about half beyond the horizon).
        Gen.Select(GenEvent.Array[0, 80], Gen.Int[0, (int)Lateness.TotalMilliseconds - 1].Array[80], Gen.Int[0, 4 * 60_000].Array[80])
            .Sample(
                (events, jitter, delay) =>
                {
                    var stream = events.Select((e, i) => e with { Id = $"e{i:D3}" }).ToArray();
                    var reference = Run(Ordered(stream), early: false);
                    var arrival = stream.Select((e, i) => (e, Key: e.Time.AddMilliseconds(jitter[i]), Delay: delay[i]))
                        .OrderBy(p => p.Key)
                        .ToArray();
                    var clock = new SettableClock();
                    var now = arrival.Select(p => p.e.Time.AddMilliseconds(p.Delay)).ToArray();
                    var run = Run(arrival.Select(p => p.e), early: true, horizon, clock, i => clock.Now = now[i]);

                    var reported = run.Final.Select(a => a.Content).ToList();
                    foreach (var content in reference.Final.Select(a => a.Content))
                    {
                        reported.Remove(content).ShouldBeTrue($"missing {content}");
                    }

                    reported.Count.ShouldBe((int)run.Statistics.EarlyUnmatched);
                    run.Final.Select(a => a.Id).ShouldBeUnique();
                    Interlocked.Add(ref live, arrival.Count(p => p.Delay <= horizon.TotalMilliseconds));
                    Interlocked.Add(ref old, arrival.Count(p => p.Delay > horizon.TotalMilliseconds));
                    Interlocked.Add(ref early, run.Statistics.EarlyAlerts);
                },
                iter: 400);

        live.ShouldBeGreaterThan(0);
        old.ShouldBeGreaterThan(0);
        early.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Observe_EventsOlderThanTheHorizon_NoEarlyAlertAndTheWatermarkDecides()
    {
        var time = new FakeTimeProvider(Pipeline.T0.AddMinutes(10));
        var engine = new CorrelationEngine(
            RuleSet, new CorrelationOptions { AllowedLateness = Lateness, EarlyFiring = true, EarlyFiringHorizon = TimeSpan.FromMinutes(5) }, time);
        var early = new List<CorrelationAlert>();
        Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), early);
        Observe(engine, new Event(Pipeline.T0.AddSeconds(1), "x", "LV", "b", "e2"), early);
        early.ShouldBeEmpty("both are ten minutes old: a backlog, beyond the five-minute horizon");

        // Within the horizon, the same pair alerts at once.
        Observe(engine, new Event(Pipeline.T0.AddMinutes(6), "y", "EE", "a", "e3"), early);
        Observe(engine, new Event(Pipeline.T0.AddMinutes(6).AddSeconds(1), "y", "LV", "b", "e4"), early);
        early.Where(a => a.RuleId == CrossBorder).ShouldHaveSingleItem().EvidenceEventIds.ShouldBe(["e3", "e4"]);

        var decided = new List<CorrelationAlert>();
        engine.Flush(decided);
        decided.Where(a => a.RuleId == CrossBorder).ShouldHaveSingleItem().EvidenceEventIds.ShouldBe(["e1", "e2"]);
        early.ShouldAllBe(a => a.EvidenceEventIds.All(id => id == "e3" || id == "e4"));
        engine.GetStatistics().EarlyAlerts.ShouldBe(early.Count);
    }

    [Fact]
    public void Observe_EveryEventDeliveredTwice_SameAsOnce()
    {
        GenEvent.Array[1, 40].Sample(
            events =>
            {
                var stream = Ordered(events.Select((e, i) => e with { Id = $"e{i:D3}" }));
                Run(stream.SelectMany(e => new[] { e, e }), early: true).Emitted.ShouldBe(Run(stream, early: true).Emitted);
            },
            iter: 200);
    }

    [Fact]
    public void Observe_CopiesOfOneEventAmongOthersAtTheSameTime_OneObservationEachCountedOnce()
    {
        foreach (var early in new[] { false, true })
        {
            var engine = Engine(early);
            var alerts = new List<CorrelationAlert>();
            // Three events at one instant, the first delivered three times and interleaved with the others.
            Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), alerts);
            Observe(engine, new Event(Pipeline.T0, "x", "LV", "b", "e2"), alerts);
            Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), alerts);
            Observe(engine, new Event(Pipeline.T0, "x", "LT", "a", "e3"), alerts);
            Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), alerts);
            engine.BufferedEvents.ShouldBe(5, "copies wait with the others and are told apart when released");

            engine.Flush(alerts);

            engine.GetStatistics().DuplicateEvents.ShouldBe(2);
            engine.BufferedEvents.ShouldBe(0);
            var alert = alerts.Where(a => a.RuleId == CrossBorder).ShouldHaveSingleItem();
            alert.EvidenceEventIds.ShouldBe(["e1", "e2"], "the two events that made it true, e1 once");
        }
    }

    [Fact]
    public void Observe_SecondCountry_AlertsAtOnceWithoutTheWatermark()
    {
        var engine = Engine(early: true);
        var early = new List<CorrelationAlert>();
        Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), early);
        early.ShouldBeEmpty();
        Observe(engine, new Event(Pipeline.T0.AddSeconds(1), "x", "LV", "b", "e2"), early);

        var alert = early.Where(a => a.RuleId == CrossBorder).ShouldHaveSingleItem();
        alert.Early.ShouldBeTrue();
        alert.EvidenceEventIds.ShouldBe(["e1", "e2"]);
        engine.Watermark.ShouldBe(DateTimeOffset.MinValue);

        // The watermark confirms it: nothing new to report.
        var decided = new List<CorrelationAlert>();
        engine.Flush(decided);
        decided.ShouldNotContain(a => a.RuleId == CrossBorder);
        engine.GetStatistics().EarlyRevised.ShouldBe(0);
    }

    [Fact]
    public void Flush_StragglerInsideTheWindow_RevisesTheEarlyAlertUnderItsIdAsItsNextVersion()
    {
        var time = new FakeTimeProvider(Pipeline.T0);
        var engine = Engine(early: true, time);
        var early = new List<CorrelationAlert>();
        Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), early);
        Observe(engine, new Event(Pipeline.T0.AddSeconds(2), "x", "LV", "a", "e2"), early);
        var first = early.ShouldHaveSingleItem();
        first.RuleId.ShouldBe(CrossBorder);
        time.Advance(TimeSpan.FromSeconds(5));

        // Sent at 1 s, arrives after the 2 s event: in time order it is the one that made the rule true.
        Observe(engine, new Event(Pipeline.T0.AddSeconds(1), "x", "LT", "a", "e3"), early);
        early.Count(a => a.RuleId == CrossBorder).ShouldBe(1);
        var decided = new List<CorrelationAlert>();
        engine.Flush(decided);

        var revision = decided.Where(a => a.RuleId == CrossBorder).ShouldHaveSingleItem();
        revision.Revision.ShouldBeTrue();
        revision.AlertId.ShouldBe(first.AlertId);
        revision.RaisedAt.ShouldBe(first.RaisedAt.AddMilliseconds(1), "a newer version of the early alert's row");
        revision.EvidenceEventIds.ShouldBe(["e1", "e3"]);
        revision.DistinctValues.Order().ShouldBe(["EE", "LT"]);
        engine.GetStatistics().EarlyRevised.ShouldBe(1);
    }

    [Fact]
    public void Observe_EarlyFiringOff_NothingBeforeTheWatermark()
    {
        var engine = Engine(early: false);
        var early = new List<CorrelationAlert>();
        Observe(engine, new Event(Pipeline.T0, "x", "EE", "a", "e1"), early);
        Observe(engine, new Event(Pipeline.T0.AddSeconds(1), "x", "LV", "b", "e2"), early);
        early.ShouldBeEmpty();
        var decided = new List<CorrelationAlert>();
        engine.Flush(decided);
        decided.ShouldContain(a => a.RuleId == CrossBorder && !a.Early);
    }

    [Fact]
    public void Observe_AfterRestoredAlert_EvidenceOfItsWindowRaisesNoEarlyAlert()
    {
        var engine = Engine(early: true);
        engine.RestoreAlert(CrossBorder, ["x"], Pipeline.T0.AddMinutes(15)).ShouldBeTrue();
        var early = new List<CorrelationAlert>();
        Observe(engine, new Event(Pipeline.T0.AddMinutes(1), "x", "EE", "a", "e1"), early);
        Observe(engine, new Event(Pipeline.T0.AddMinutes(2), "x", "LV", "a", "e2"), early);
        early.ShouldBeEmpty();
    }

    private static Event[] Ordered(IEnumerable<Event> events) => events.OrderBy(e => e.Time).ThenBy(e => e.Id, StringComparer.Ordinal).ToArray();

    private static CorrelationEngine Engine(bool early, TimeProvider? time = null) =>
        new(RuleSet, new CorrelationOptions { AllowedLateness = Lateness, EarlyFiring = early }, time ?? new FakeTimeProvider(Pipeline.T0));

    private static void Observe(CorrelationEngine engine, Event e, List<CorrelationAlert> early)
    {
        var fields = TestEvents.Of(("Kind", e.Kind), ("ip", e.Ip), ("country", e.Country));
        var matched = new List<MatchedRule>();
        new DetectionEngine(RuleSet).Match(fields, matched);
        engine.Observe(matched, fields, e.Time, e.Id, null, early).ShouldBe(ObserveOutcome.Accepted);
    }

    private static RunResult Run(IEnumerable<Event> arrival, bool early, TimeSpan? horizon = null, TimeProvider? clock = null, Action<int>? arriving = null)
    {
        var engine = new CorrelationEngine(
            RuleSet, new CorrelationOptions { AllowedLateness = Lateness, EarlyFiring = early, EarlyFiringHorizon = horizon }, clock ?? new FakeTimeProvider(Pipeline.T0));
        var detection = new DetectionEngine(RuleSet);
        var matched = new List<MatchedRule>();
        var emitted = new List<CorrelationAlert>();
        var highest = DateTimeOffset.MinValue;
        var index = 0;
        foreach (var e in arrival)
        {
            arriving?.Invoke(index++);
            var fields = TestEvents.Of(("Kind", e.Kind), ("ip", e.Ip), ("country", e.Country));
            matched.Clear();
            detection.Match(fields, matched);
            engine.Observe(matched, fields, e.Time, e.Id, null, emitted).ShouldBe(ObserveOutcome.Accepted);
            if (e.Time > highest)
            {
                highest = e.Time;
                engine.AdvanceWatermark(highest - Lateness, emitted);
            }
        }

        engine.Flush(emitted);
        var final = new Dictionary<string, Reported>(StringComparer.Ordinal);
        foreach (var a in emitted)
        {
            final[a.AlertId] = new Reported(a);
        }

        return new RunResult(
            emitted.Select(a => new Reported(a)).ToList(),
            final.Values.OrderBy(a => a.Identity, StringComparer.Ordinal).ToList(),
            engine.GetStatistics());
    }

    private sealed record Event(DateTimeOffset Time, string Ip, string Country, string Kind, string Id);

    /// <summary>A wall clock the test sets per event (FakeTimeProvider never goes back; arrival delays do).</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = Pipeline.T0;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed record RunResult(List<Reported> Emitted, List<Reported> Final, CorrelationStatistics Statistics);

    private sealed record Reported(string Id, string RuleId, string Content, bool Early)
    {
        public Reported(CorrelationAlert a)
            : this(a.AlertId, a.RuleId, $"{a.RuleId}|{a.GroupKey}|{a.FirstSeen:O}|{a.LastSeen:O}|{a.EventCount}|{a.Value}|{string.Join(',', a.EvidenceEventIds)}|{string.Join(',', a.DistinctValues.Order(StringComparer.Ordinal))}", a.Early)
        {
        }

        public string Identity => $"{Content}|{Id}";
    }
}
