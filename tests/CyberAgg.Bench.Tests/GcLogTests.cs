using CyberAgg.Bench.Measurement;
using CyberAgg.Bench.Report;

namespace CyberAgg.Bench.Tests;

public sealed class GcLogTests
{
    [Fact]
    public void Window_FirstSecondsOfAPhase_CountsEachKindAndTheLongestPause()
    {
        GcRecord[] records =
        [
            new(1, "peak", 0.5, 2, false, true, 300, 200),
            new(2, "load", 0.2, 0, false, false, 4, 10),
            new(3, "load", 1.0, 1, false, false, 40, 120),
            new(4, "load", 2.9, 2, true, false, 3, 0),
            new(5, "load", 2.95, 2, false, true, 180, 300),
            new(6, "load", 3.0, 0, false, false, 5, 8),
        ];

        var first = GcLog.Window(records, "load", 0, 3, "load, first 3 s");
        var after = GcLog.Window(records, "load", 3, double.MaxValue, "load, after 3 s");

        first.ShouldBe(new GcWindow("load, first 3 s", 4, 1, 1, 1, 1, 227, 180, 2, 300));
        after.ShouldBe(new GcWindow("load, after 3 s", 1, 1, 0, 0, 0, 5, 5, 0, 8));
        GcLog.Window(records, "raw", 0, 3, "raw").ShouldBe(new GcWindow("raw", 0, 0, 0, 0, 0, 0, 0, -1, 0));
    }

    [Fact]
    public void Poll_AfterACollection_RecordsItOnceWithThePhase()
    {
        var log = new GcLog(() => "load", TimeSpan.FromMilliseconds(5));
        log.Poll();
        var before = log.Records.Count;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        log.Poll();
        log.Poll();

        var index = GC.GetGCMemoryInfo(GCKind.Ephemeral).Index;
        log.Records.Skip(before).ShouldContain(r => r.Index == index && r.Phase == "load" && !r.Background);
        log.Records.Select(r => r.Index).ShouldBeUnique();
    }
}
