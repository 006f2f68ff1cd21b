using CsCheck;
using CyberAgg.Correlator.EventTime;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Correlator.Tests.EventTime;

public sealed class PartitionWatermarksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lateness = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    [Fact]
    public void Update_SeveralPartitions_IsTheMinimumLessTheLateness()
    {
        var clock = new FakeTimeProvider(T0);
        var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
        watermarks.Observe(0, T0.AddHours(8));
        watermarks.Observe(1, T0.AddHours(1));

        watermarks.Update().ShouldBe(T0.AddHours(1) - Lateness, "the partition behind holds the watermark back");
    }

    [Fact]
    public void Update_PartitionIdleBeyondTheTimeout_StopsHoldingItBack()
    {
        var clock = new FakeTimeProvider(T0);
        var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
        watermarks.Observe(0, T0.AddHours(1));
        watermarks.Observe(1, T0.AddHours(2));
        clock.Advance(TimeSpan.FromSeconds(29));
        watermarks.Observe(1, T0.AddHours(3));
        watermarks.Update().ShouldBe(T0.AddHours(1) - Lateness);

        clock.Advance(TimeSpan.FromSeconds(1));

        watermarks.Update().ShouldBe(T0.AddHours(3) - Lateness);
    }

    [Fact]
    public void Update_QuietPartitionWithABacklog_IsNotIdle()
    {
        var clock = new FakeTimeProvider(T0);
        var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
        watermarks.Observe(0, T0.AddHours(1));
        watermarks.Observe(1, T0.AddHours(5));
        watermarks.SetBacklog(0, true);
        clock.Advance(TimeSpan.FromMinutes(10));
        watermarks.Observe(1, T0.AddHours(6));

        watermarks.Update().ShouldBe(T0.AddHours(1) - Lateness, "a partition consumed slowly, as in a replay, is not idle");
    }

    [Fact]
    public void Update_EveryPartitionIdle_MovesToTheHighestEventTime()
    {
        var clock = new FakeTimeProvider(T0);
        var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
        watermarks.Observe(0, T0.AddMinutes(1));
        watermarks.Observe(1, T0.AddMinutes(2));
        clock.Advance(Idle);

        watermarks.Update().ShouldBe(T0.AddMinutes(2), "a quiet stream's last events are decided without more traffic");
    }

    [Fact]
    public void Update_PartitionRevoked_NoLongerCounts_AndTheWatermarkNeverMovesBack()
    {
        var clock = new FakeTimeProvider(T0);
        var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
        watermarks.Observe(0, T0.AddHours(1));
        watermarks.Observe(1, T0.AddHours(4));
        watermarks.Update().ShouldBe(T0.AddHours(1) - Lateness);

        watermarks.Revoke(0);
        watermarks.Update().ShouldBe(T0.AddHours(4) - Lateness);

        watermarks.Assign(2);
        watermarks.Update().ShouldBe(T0.AddHours(4) - Lateness, "a newly assigned partition cannot undo what was released");
    }

    [Fact]
    public void Update_AssignedButEmpty_HoldsBackUntilIdle()
    {
        var clock = new FakeTimeProvider(T0);
        var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
        watermarks.Assign(0);
        watermarks.Observe(1, T0.AddHours(1));
        watermarks.Update().ShouldBe(DateTimeOffset.MinValue);

        clock.Advance(Idle);
        watermarks.Observe(1, T0.AddHours(1));
        watermarks.Update().ShouldBe(T0.AddHours(1) - Lateness);
    }

    [Fact]
    public void Update_PartitionsInOrderInterleavedAnyWay_NoEventIsEverBehindTheWatermark()
    {
        // Each partition's events in time order, interleaved at random (partitions consumed at different speeds).
        var partition = Gen.Int[0, 600_000].Array[0, 30].Select(a => a.Order().ToArray());
        Gen.Select(partition.Array[1, 5], Gen.Int.Array[150]).Sample(
            (streams, choices) =>
            {
                var clock = new FakeTimeProvider(T0);
                var watermarks = new PartitionWatermarks(Lateness, Idle, clock);
                var next = new int[streams.Length];
                for (var p = 0; p < streams.Length; p++)
                {
                    watermarks.Assign(p);
                }

                foreach (var choice in choices)
                {
                    var p = (int)((uint)choice % streams.Length);
                    if (next[p] >= streams[p].Length)
                    {
                        continue;
                    }

                    var at = T0.AddSeconds(streams[p][next[p]++]);
                    (at >= watermarks.Update()).ShouldBeTrue($"{at:O} arrived behind the watermark {watermarks.Current:O}");
                    watermarks.Observe(p, at);
                }
            },
            iter: 300);
    }
}
