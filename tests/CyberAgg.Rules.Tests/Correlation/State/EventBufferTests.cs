using CsCheck;
using CyberAgg.Rules.Correlation.State;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Correlation.State;

/// <summary>The bucketed event buffer against a model: a list sorted by event time, then event id (ordinal).</summary>
public sealed class EventBufferTests
{
    private static readonly string[] Names = ["ip"];

    // Few distinct times and short ids, so many events share a time and arrive out of id order.
    private static readonly Gen<Step> GenStep = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 12], Gen.Int[-60, 60]).Select((second, offsetMinutes) => new Step(true, second, offsetMinutes))),
        (1, Gen.Int[-1, 14].Select(second => new Step(false, second, 0))));

    [Fact]
    public void TryTake_InterleavedAddsAndWatermarks_SameOrderAsSortingByTimeThenId()
    {
        GenStep.Array[0, 120].Sample(
            steps =>
            {
                var buffer = new EventBuffer();
                var model = new List<(long Ticks, string Id)>();
                var taken = new List<string>();
                var expected = new List<string>();
                var next = 0;
                foreach (var step in steps)
                {
                    if (step.IsAdd)
                    {
                        // Same instant, other offset: one bucket, as the order compares UTC ticks.
                        var time = Pipeline.T0.AddSeconds(step.Second).ToOffset(TimeSpan.FromMinutes(step.OffsetMinutes));
                        var id = $"{(next * 7919) % 1000:x}";
                        next++;
                        buffer.Add(Event(time, id));
                        model.Add((time.UtcTicks, id));
                    }
                    else
                    {
                        var upTo = Pipeline.T0.AddSeconds(step.Second);
                        while (buffer.TryTake(upTo, out var e))
                        {
                            taken.Add(e.EventId);
                        }

                        var released = model.Where(m => m.Ticks <= upTo.UtcTicks).OrderBy(m => m.Ticks).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
                        expected.AddRange(released.Select(m => m.Id));
                        model.RemoveAll(m => m.Ticks <= upTo.UtcTicks);
                    }

                    buffer.Count.ShouldBe(model.Count);
                    var first = model.OrderBy(m => m.Ticks).ThenBy(m => m.Id, StringComparer.Ordinal).Select(m => m.Id).FirstOrDefault();
                    (buffer.TryPeek(out var peeked) ? peeked.EventId : null).ShouldBe(first);
                }

                taken.ShouldBe(expected);
            },
            iter: 500);
    }

    [Fact]
    public void TryTake_NothingUpToTheWatermark_TakesNothing()
    {
        var buffer = new EventBuffer();
        buffer.Add(Event(Pipeline.T0.AddSeconds(5), "a"));

        buffer.TryTake(Pipeline.T0.AddSeconds(4), out _).ShouldBeFalse();
        buffer.TryTake(Pipeline.T0.AddSeconds(5), out var e).ShouldBeTrue();
        e.EventId.ShouldBe("a");
        buffer.Count.ShouldBe(0);
    }

    private static BufferedEvent Event(DateTimeOffset time, string id)
    {
        var e = new BufferedEvent(Names);
        e.Set(time, id, 0, TestEvents.Of(("ip", "x")));
        return e;
    }

    private sealed record Step(bool IsAdd, int Second, int OffsetMinutes);
}
