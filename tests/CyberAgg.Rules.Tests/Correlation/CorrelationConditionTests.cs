using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Correlation;

/// <summary>Every condition operator on both sides of its boundary, with its firing rule.</summary>
public sealed class CorrelationConditionTests
{
    private const string Base = """
        title: A
        id: 00000000-0000-4000-8000-00000000000a
        name: rule_a
        detection:
          sel:
            Kind: a
          condition: sel
        ---
        title: Under test
        id: 00000000-0000-4000-8000-0000000000ff
        correlation:
          type: event_count
          rules: [rule_a]
          group-by: [Host]
          timespan: 10m
        """;

    private static readonly DateTimeOffset T0 = Pipeline.T0;

    [Theory]
    [InlineData("{gt: 3}", 3, false)]
    [InlineData("{gt: 3}", 4, true)]
    [InlineData("{gte: 3}", 2, false)]
    [InlineData("{gte: 3}", 3, true)]
    [InlineData("{lt: 3}", 2, true)]
    [InlineData("{lt: 3}", 3, false)]
    [InlineData("{lte: 3}", 3, true)]
    [InlineData("{lte: 3}", 4, false)]
    [InlineData("{eq: 3}", 2, false)]
    [InlineData("{eq: 3}", 3, true)]
    [InlineData("{eq: 3}", 4, false)]
    [InlineData("{neq: 3}", 3, false)]
    [InlineData("{neq: 3}", 4, true)]
    [InlineData("{gte: 2, lte: 4}", 1, false)]
    [InlineData("{gte: 2, lte: 4}", 2, true)]
    [InlineData("{gte: 2, lte: 4}", 4, true)]
    [InlineData("{gte: 2, lte: 4}", 5, false)]
    public void Condition_EventsInOneWindow_FiresExactlyWhenItHolds(string condition, int events, bool fires)
    {
        var pipeline = Build(condition);
        for (var i = 0; i < events; i++)
        {
            pipeline.Feed(T0.AddMinutes(i), ("Kind", "a"), ("Host", "h"));
        }

        pipeline.Correlation.Flush(pipeline.Alerts);

        if (!fires)
        {
            pipeline.Alerts.ShouldBeEmpty();
            return;
        }

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.Value.ShouldBe(events);
        alert.EventCount.ShouldBe(events);
        alert.FirstSeen.ShouldBe(T0);
    }

    [Theory]
    [InlineData("{lt: 3}")]
    [InlineData("{lte: 4}")]
    [InlineData("{eq: 5}")]
    [InlineData("{neq: 2}")]
    [InlineData("{gte: 1, lte: 9}")]
    public void Condition_NeedsTheWholeWindow_IsDecidedOnlyWhenTheWatermarkPassesItsEnd(string condition)
    {
        var pipeline = Build(condition);
        for (var i = 0; i < 5; i++)
        {
            pipeline.Feed(T0.AddMinutes(i), ("Kind", "a"), ("Host", "h"));
        }

        // The window [0, 10 min] is still open: 'lt: 3' must not fire at the first event of a window that holds five.
        pipeline.Correlation.AdvanceWatermark(T0.AddMinutes(10), pipeline.Alerts);
        pipeline.Alerts.ShouldBeEmpty();
        pipeline.Correlation.AdvanceWatermark(T0.AddMinutes(10).AddMilliseconds(1), pipeline.Alerts);

        if (condition is "{lt: 3}" or "{lte: 4}" or "{neq: 2}" && condition != "{neq: 2}")
        {
            pipeline.Alerts.ShouldBeEmpty();
        }
        else
        {
            var alert = pipeline.Alerts.ShouldHaveSingleItem();
            alert.EventCount.ShouldBe(5);
            alert.LastSeen.ShouldBe(T0.AddMinutes(4));
        }
    }

    [Fact]
    public void Condition_Gte_FiresAtTheEventThatMakesItTrue()
    {
        var pipeline = Build("{gte: 3}");
        for (var i = 0; i < 5; i++)
        {
            pipeline.Feed(T0.AddMinutes(i), ("Kind", "a"), ("Host", "h"));
        }

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.LastSeen.ShouldBe(T0.AddMinutes(2));
        alert.EventCount.ShouldBe(3);
    }

    [Fact]
    public void Condition_Lt_EachWindowDecidedOnce()
    {
        var pipeline = Build("{lt: 3}");
        pipeline.Feed(T0, ("Kind", "a"), ("Host", "h"));
        pipeline.Feed(T0.AddMinutes(11), ("Kind", "a"), ("Host", "h"));
        pipeline.Feed(T0.AddMinutes(12), ("Kind", "a"), ("Host", "h"));
        pipeline.Feed(T0.AddMinutes(13), ("Kind", "a"), ("Host", "h"));
        pipeline.Correlation.Flush(pipeline.Alerts);

        // [0, 10] held one event (fires), [11, 21] held three (does not).
        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.FirstSeen.ShouldBe(T0);
        alert.EventCount.ShouldBe(1);
    }

    private static Pipeline Build(string condition)
    {
        var set = RuleSet.Parse(Base + $"\n  condition: {condition}\n", "condition-test.yml");
        set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        return new Pipeline(set, new CorrelationOptions { AllowedLateness = TimeSpan.Zero });
    }
}
