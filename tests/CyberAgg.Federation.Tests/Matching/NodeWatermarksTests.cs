using CyberAgg.Federation.Matching;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Federation.Tests.Matching;

public sealed class NodeWatermarksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(T0);

    [Fact]
    public void Update_SeveralNodes_MinimumDecides()
    {
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(30), time);
        marks.Mark("ee", "t", T0.AddMinutes(10));
        marks.Mark("lv", "t", T0.AddMinutes(4));
        marks.Update().ShouldBe(T0.AddMinutes(4));
        marks.Mark("lv", "t", T0.AddMinutes(12));
        marks.Update().ShouldBe(T0.AddMinutes(10));
    }

    [Fact]
    public void Update_NodeStalledForIdleTimeout_StopsHoldingBack_ButNeverMovesBack()
    {
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(30), time);
        marks.Mark("ee", "t", T0.AddMinutes(10));
        marks.Mark("lv", "t", T0.AddMinutes(4));
        time.Advance(TimeSpan.FromSeconds(20));
        marks.Mark("ee", "t", T0.AddMinutes(11));
        marks.Update().ShouldBe(T0.AddMinutes(4), "lv is behind, not yet idle");
        time.Advance(TimeSpan.FromSeconds(11));
        marks.Update().ShouldBe(T0.AddMinutes(11), "lv has not moved for 31 s: it no longer holds ee back");
        marks.Mark("lv", "t", T0.AddMinutes(5));
        marks.Update().ShouldBe(T0.AddMinutes(11), "lv coming back cannot undo what was released");
    }

    [Fact]
    public void Update_ExpectedNodeSendingRecordsBeforeItsFirstWatermark_StillHoldsBack()
    {
        // Three members; fi reports a watermark first, after the idle timeout from the matcher's start.
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(3), time);
        marks.Expect("ee", "t");
        marks.Expect("lv", "t");
        marks.Expect("fi", "t");
        time.Advance(TimeSpan.FromSeconds(5));
        marks.Active("ee", "t");
        marks.Active("lv", "t");
        marks.Mark("fi", "t", T0.AddMinutes(2));
        marks.Update().ShouldBe(DateTimeOffset.MinValue, "ee and lv are sending sightings: their buckets are not released under them");
        marks.Mark("ee", "t", T0.AddMinutes(2));
        marks.Mark("lv", "t", T0.AddMinutes(2));
        marks.Update().ShouldBe(T0.AddMinutes(2));
    }

    [Fact]
    public void Update_ExpectedNodeSilentForTheIdleTimeout_StopsHoldingBack()
    {
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(3), time);
        marks.Expect("ee", "t");
        marks.Expect("lv", "t");
        time.Advance(TimeSpan.FromSeconds(2));
        marks.Active("ee", "t");
        marks.Mark("lv", "t", T0.AddMinutes(2));
        time.Advance(TimeSpan.FromSeconds(2));
        marks.Update().ShouldBe(DateTimeOffset.MinValue, "ee sent records 2 s ago");
        time.Advance(TimeSpan.FromSeconds(1.5));
        marks.Mark("lv", "t", T0.AddMinutes(3));
        marks.Update().ShouldBe(T0.AddMinutes(3), "ee has sent nothing for 3.5 s: a down node does not hold the alliance");
    }

    [Fact]
    public void Update_MatcherBehindOnTheAllianceTopic_NoNodeIsIdleUntilItCatchesUp()
    {
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(30), time);
        marks.Mark("ee", "t", T0.AddMinutes(10));
        marks.Mark("lv", "t", T0.AddMinutes(4));
        time.Advance(TimeSpan.FromSeconds(31));
        marks.Mark("ee", "t", T0.AddMinutes(11));
        marks.Update(behind: true).ShouldBe(T0.AddMinutes(4), "lv's next batches may be among the unread messages");
        marks.Update().ShouldBe(T0.AddMinutes(11), "caught up and still nothing from lv for 31 s: it no longer holds ee back");
    }

    [Fact]
    public void Update_AllNodesIdle_MovesToTheHighest()
    {
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(30), time);
        marks.Mark("ee", "t", T0.AddMinutes(10));
        marks.Mark("lv", "u", T0.AddMinutes(4));
        time.Advance(TimeSpan.FromSeconds(30));
        marks.Update().ShouldBe(T0.AddMinutes(10));
    }

    [Fact]
    public void Update_AllNodesIdleWithRecordsInTheirLastBucket_MovesPastThatBucket()
    {
        // Both nodes' watermarks are floored to 12:10; their last records are in the bucket 12:10-12:11.
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(30), time);
        marks.Mark("ee", "t", T0.AddMinutes(10));
        marks.Mark("lv", "t", T0.AddMinutes(10));
        marks.Seen(T0.AddMinutes(11));
        marks.Update().ShouldBe(T0.AddMinutes(10), "while the nodes are live the bucket may still fill");
        time.Advance(TimeSpan.FromSeconds(30));
        marks.Update().ShouldBe(T0.AddMinutes(11), "a quiet alliance decides its last sightings instead of waiting for traffic");
        marks.Mark("ee", "t", T0.AddMinutes(10));
        marks.Update().ShouldBe(T0.AddMinutes(11), "it never moves back");
    }

    [Fact]
    public void Update_OneNodeOnTwoTopics_TheSlowerTopicHolds()
    {
        var marks = new NodeWatermarks(TimeSpan.FromSeconds(30), time);
        marks.Mark("ee", "shared", T0.AddMinutes(10));
        marks.Mark("ee", "strict", T0.AddMinutes(6));
        marks.Update().ShouldBe(T0.AddMinutes(6));
    }
}
