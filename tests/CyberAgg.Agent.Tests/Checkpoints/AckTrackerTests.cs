using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Sources;
using CsCheck;

namespace CyberAgg.Agent.Tests.Checkpoints;

public sealed class AckTrackerTests
{
    private static readonly FileKey File = new(1, 42);

    [Fact]
    public void Settle_OutOfOrder_AdvancesOnlyOverTheSettledPrefix()
    {
        var tracker = new AckTracker(new Dictionary<FileKey, FileMark>());
        var first = tracker.Register([new FileMark(File, "/a.log", 100)]);
        var second = tracker.Register([new FileMark(File, "/a.log", 200)]);
        var third = tracker.Register([new FileMark(File, "/a.log", 300)]);

        tracker.Settle(third);
        tracker.TryGetConfirmed(File, out _).ShouldBeFalse("batch 1 is not acknowledged yet");
        tracker.Settle(first);
        Confirmed(tracker).ShouldBe(100);
        tracker.Settle(second);
        Confirmed(tracker).ShouldBe(300);
        tracker.PendingCount.ShouldBe(0);
    }

    [Fact]
    public void Settle_AnyOrder_ConfirmsExactlyTheLongestSettledPrefix()
    {
        Gen.Int[1, 40].SelectMany(n => Gen.Shuffle(Enumerable.Range(0, n).ToArray()).Select(order => (n, order))).Sample(t =>
        {
            var (n, order) = t;
            var tracker = new AckTracker(new Dictionary<FileKey, FileMark>());
            var sequences = Enumerable.Range(0, n).Select(i => tracker.Register([new FileMark(File, "/a.log", (i + 1) * 10)])).ToArray();
            var settled = new HashSet<int>();
            foreach (var i in order)
            {
                tracker.Settle(sequences[i]);
                settled.Add(i);
                var prefix = 0;
                while (settled.Contains(prefix))
                {
                    prefix++;
                }

                var expected = prefix == 0 ? -1 : prefix * 10;
                (tracker.TryGetConfirmed(File, out var mark) ? mark.Offset : -1).ShouldBe(expected);
            }
        });
    }

    [Fact]
    public void Advanced_RaisedOnlyWhenOffsetsMove()
    {
        var tracker = new AckTracker(new Dictionary<FileKey, FileMark>());
        var raised = 0;
        tracker.Advanced += () => raised++;
        var first = tracker.Register([]);
        var second = tracker.Register([]);

        tracker.Settle(second);
        raised.ShouldBe(0);
        tracker.Settle(first);
        raised.ShouldBe(1);
        tracker.Settle(first);
        raised.ShouldBe(1, "settling twice is harmless");
    }

    private static long Confirmed(AckTracker tracker) => tracker.TryGetConfirmed(File, out var mark) ? mark.Offset : -1;
}
