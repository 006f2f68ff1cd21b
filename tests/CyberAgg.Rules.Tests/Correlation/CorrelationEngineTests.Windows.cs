using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Correlation;

public sealed partial class CorrelationEngineTests
{
    private const string TwoCountries = "type: value_count\nrules: [rule_a]\ngroup-by: [ip]\ntimespan: 15m\ncondition: {field: country, gte: 2}";

    [Fact]
    public void Observe_EventOlderThanWatermark_IsCountedLateAndNotCorrelated()
    {
        var pipeline = Build(TwoCountries, new CorrelationOptions { AllowedLateness = TimeSpan.FromMinutes(2) });

        Feed(pipeline, 10, "a", ("ip", "x"), ("country", "EE")).ShouldBe(ObserveOutcome.Accepted);
        pipeline.Correlation.Watermark.ShouldBe(T0.AddMinutes(8));
        Feed(pipeline, 7, "a", ("ip", "x"), ("country", "LV")).ShouldBe(ObserveOutcome.Late);

        pipeline.Alerts.ShouldBeEmpty();
        pipeline.Correlation.GetStatistics().LateEvents.ShouldBe(1);
    }

    [Fact]
    public void Observe_OutOfOrderWithinLateness_IsCorrelated()
    {
        var pipeline = Build(TwoCountries, new CorrelationOptions { AllowedLateness = TimeSpan.FromMinutes(2) });

        Feed(pipeline, 10, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 8.5, "a", ("ip", "x"), ("country", "LV")).ShouldBe(ObserveOutcome.Accepted);

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.FirstSeen.ShouldBe(T0.AddMinutes(8.5));
        alert.LastSeen.ShouldBe(T0.AddMinutes(10));
        alert.EvidenceEventIds.ShouldBe(["e2", "e1"]);
    }

    [Fact]
    public void Observe_ReplayOfOldLogs_CorrelatesOnEventTimeNotArrival()
    {
        var pipeline = Build(TwoCountries);
        var lastWeek = T0.AddDays(-7);

        pipeline.Feed(lastWeek, ("Kind", "a"), ("ip", "x"), ("country", "EE"));
        pipeline.Feed(lastWeek.AddMinutes(14), ("Kind", "a"), ("ip", "x"), ("country", "LV"));

        pipeline.Alerts.ShouldHaveSingleItem().FirstSeen.ShouldBe(lastWeek);
    }

    [Fact]
    public void Observe_WindowSlides_OldEvidenceLeavesTheWindow()
    {
        var pipeline = Build(TwoCountries);

        Feed(pipeline, 0, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 14, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 20, "a", ("ip", "x"), ("country", "LV"));

        // EE at 14 and LV at 20 are 6 minutes apart: a sliding window catches what fixed buckets would split.
        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.FirstSeen.ShouldBe(T0.AddMinutes(14));
        alert.EventCount.ShouldBe(2);
    }

    [Fact]
    public void Observe_MoreEvidenceInSameWindow_RaisesOneAlertPerGroup()
    {
        var pipeline = Build(TwoCountries);

        Feed(pipeline, 0, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 1, "a", ("ip", "x"), ("country", "LV"));
        Feed(pipeline, 2, "a", ("ip", "x"), ("country", "LT"));
        Feed(pipeline, 3, "a", ("ip", "x"), ("country", "FI"));
        Feed(pipeline, 3, "a", ("ip", "y"), ("country", "EE"));
        Feed(pipeline, 4, "a", ("ip", "y"), ("country", "LV"));

        pipeline.Alerts.Select(a => a.GroupKey).ShouldBe(["x", "y"]);
        pipeline.Correlation.GetStatistics().SuppressedObservations.ShouldBe(2);
    }

    [Fact]
    public void Observe_EvidenceAfterTheAlertWindow_CanRaiseTheNextAlert()
    {
        var pipeline = Build(TwoCountries);

        Feed(pipeline, 0, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 1, "a", ("ip", "x"), ("country", "LV"));
        Feed(pipeline, 15, "a", ("ip", "x"), ("country", "LT"));
        Feed(pipeline, 16, "a", ("ip", "x"), ("country", "FI"));
        pipeline.Alerts.Count.ShouldBe(1);
        Feed(pipeline, 17, "a", ("ip", "x"), ("country", "SE"));

        pipeline.Alerts.Count.ShouldBe(2);
        var second = pipeline.Alerts[1];
        second.FirstSeen.ShouldBe(T0.AddMinutes(16));
        second.DistinctValues.ShouldBe(["FI", "SE"]);
        second.AlertId.ShouldNotBe(pipeline.Alerts[0].AlertId);
        pipeline.Alerts[0].WindowEnd.ShouldBe(T0.AddMinutes(15));
    }

    [Fact]
    public void Observe_LateEvidenceForAlertedWindow_IsAbsorbed()
    {
        var pipeline = Build(TwoCountries);

        Feed(pipeline, 10, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 11, "a", ("ip", "x"), ("country", "LV"));
        Feed(pipeline, 9, "a", ("ip", "x"), ("country", "LT"));
        Feed(pipeline, 12, "a", ("ip", "x"), ("country", "FI"));

        pipeline.Alerts.ShouldHaveSingleItem();
    }

    [Fact]
    public void Observe_MoreGroupsThanTheBound_EvictsLeastRecentlyUpdated()
    {
        var pipeline = Build(TwoCountries, new CorrelationOptions { MaxGroupsPerRule = 2 });

        Feed(pipeline, 0, "a", ("ip", "old"), ("country", "EE"));
        Feed(pipeline, 1, "a", ("ip", "mid"), ("country", "EE"));
        Feed(pipeline, 2, "a", ("ip", "new"), ("country", "EE"));
        Feed(pipeline, 3, "a", ("ip", "old"), ("country", "LV"));
        Feed(pipeline, 4, "a", ("ip", "new"), ("country", "LV"));

        pipeline.Drain();
        var statistics = pipeline.Correlation.GetStatistics();
        statistics.Groups.ShouldBe(2);
        statistics.EvictedGroups.ShouldBe(2);
        pipeline.Alerts.Select(a => a.GroupKey).ShouldBe(["new"]);
    }

    [Fact]
    public void Observe_MoreObservationsThanTheBound_DropsOldestAndCounts()
    {
        var pipeline = Build("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 1h\ncondition: {gte: 100}", new CorrelationOptions { MaxObservationsPerGroup = 3 });

        for (var i = 0; i < 5; i++)
        {
            Feed(pipeline, i, "a", ("Host", "h"));
        }

        pipeline.Drain();
        var statistics = pipeline.Correlation.GetStatistics();
        statistics.Observations.ShouldBe(3);
        statistics.DroppedObservations.ShouldBe(2);
        statistics.ApproximateBytes.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Observe_WatermarkPassesTheWindow_ExpiresIdleGroups()
    {
        var pipeline = Build(TwoCountries, new CorrelationOptions { AllowedLateness = TimeSpan.FromMinutes(1), SweepInterval = TimeSpan.FromMinutes(1) });

        Feed(pipeline, 0, "a", ("ip", "x"), ("country", "EE"));
        Feed(pipeline, 1, "a", ("ip", "y"), ("country", "EE"));
        pipeline.Drain();
        pipeline.Correlation.GetStatistics().Groups.ShouldBe(2);
        pipeline.Feed(T0.AddMinutes(40), ("Kind", "unrelated"));

        var statistics = pipeline.Correlation.GetStatistics();
        statistics.Groups.ShouldBe(0);
        statistics.ExpiredGroups.ShouldBe(2);
        statistics.Observations.ShouldBe(0);
    }

    [Fact]
    public void AdvanceWatermark_ExternalClock_ExpiresGroupsWithoutEvents()
    {
        var pipeline = Build(TwoCountries, new CorrelationOptions { SweepInterval = TimeSpan.Zero });

        Feed(pipeline, 0, "a", ("ip", "x"), ("country", "EE"));
        pipeline.Correlation.AdvanceWatermark(T0.AddHours(2), pipeline.Alerts);

        pipeline.Correlation.GetStatistics().Groups.ShouldBe(0);
        pipeline.Correlation.Watermark.ShouldBe(T0.AddHours(2));
    }

    [Fact]
    public void Observe_GroupByFieldMissing_DoesNotCorrelate()
    {
        var pipeline = Build(TwoCountries);

        Feed(pipeline, 0, "a", ("country", "EE"));
        Feed(pipeline, 1, "a", ("country", "LV"));

        pipeline.Alerts.ShouldBeEmpty();
        pipeline.Correlation.GetStatistics().Groups.ShouldBe(0);
    }

    [Fact]
    public void Observe_EvidenceBeyondTheBound_IsTruncated()
    {
        var pipeline = Build("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 1h\ncondition: {gte: 5}", new CorrelationOptions { MaxEvidenceEvents = 3 });

        for (var i = 0; i < 5; i++)
        {
            Feed(pipeline, i, "a", ("Host", "h"));
        }

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.EvidenceEventIds.Count.ShouldBe(3);
        alert.EvidenceTruncated.ShouldBeTrue();
        alert.EventCount.ShouldBe(5);
    }

    [Fact]
    public void GetGroupKeys_MatchedEvent_ReturnsKeyPerConsumingCorrelation()
    {
        var pipeline = Build(TwoCountries);
        var fields = TestEvents.Of(("Kind", "a"), ("ip", "203.0.113.1"));
        var matches = new List<CyberAgg.Rules.Detection.MatchedRule>();
        pipeline.Detection.Match(fields, matches);
        var keys = new List<CorrelationGroupKey>();

        pipeline.Correlation.GetGroupKeys(matches, fields, keys);

        keys.ShouldHaveSingleItem().Key.ShouldBe("203.0.113.1");
    }
}
