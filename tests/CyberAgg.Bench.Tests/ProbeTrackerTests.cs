using System.Diagnostics;
using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Tests;

public sealed class ProbeTrackerTests
{
    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void Tail_FortyProbes_TheSlowestTwoWithTheCollectionsInsideTheirWait()
    {
        var tracker = new ProbeTracker();
        var start = Ticks(1000);
        for (var i = 0; i < 40; i++)
        {
            // Probe i is sent 0.1 s after the one before and fires after 10 + i ms; probes 38 and 39 are the slowest,
            // and only their waits hold a 30 ms pause and a generation-2 collection.
            var slow = i >= 38;
            var sentAt = start + Ticks(i * 0.1);
            var before = new GcMark(TimeSpan.FromMilliseconds(100 * i), i, i);
            tracker.Sent($"198.18.0.{i}", "load", sentAt, before);
            var after = before with { Pause = before.Pause + TimeSpan.FromMilliseconds(slow ? 30 : 1), Gen2 = before.Gen2 + (slow ? 1 : 0) };
            tracker.Raised($"198.18.0.{i}", sentAt + Ticks((10 + i) / 1000.0), after);
        }

        tracker.Sent("198.18.1.1", "peak", start);
        var tail = tracker.Tail("load").ShouldNotBeNull();

        (tail.Probes, tail.Slowest).ShouldBe((40, 2));
        tail.SlowestFromMs.ShouldBe(48, 0.5);
        (tail.SlowestGcPauseMs, tail.OthersGcPauseMs).ShouldBe((30.0, 1.0));
        (tail.SlowestWithGen2, tail.OthersWithGen2).ShouldBe((1.0, 0.0));
        tail.SlowestSentAtSeconds.ShouldBe([3.8, 3.9]);
    }

    [Fact]
    public void Tail_NoProbeFired_IsNull()
    {
        var tracker = new ProbeTracker();
        tracker.Sent("198.18.0.1", "load", Ticks(1));

        tracker.Tail("load").ShouldBeNull();
    }
}
