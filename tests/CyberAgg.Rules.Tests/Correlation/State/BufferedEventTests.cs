using CsCheck;
using CyberAgg.Rules.Correlation.State;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Correlation.State;

public sealed class BufferedEventTests
{
    [Fact]
    public void Set_InlineOrOverflowingSnapshot_ReadsWhatTheEventHad()
    {
        // Up to 8 snapshot fields live in the object, more in an array; an absent field reads as absent, a present
        // null as present; a reused event forgets the previous one.
        Gen.Select(Gen.Int[1, 12], Gen.Int[0, 2].Array[12], Gen.Int[0, 2].Array[12]).Sample(
            (width, first, second) =>
            {
                var names = Enumerable.Range(0, width).Select(i => $"f{i}").ToArray();
                var e = new BufferedEvent(names);
                foreach (var kinds in new[] { first, second })
                {
                    var fields = new DictionaryEventFields();
                    for (var i = 0; i < width; i++)
                    {
                        if (kinds[i] > 0)
                        {
                            fields.Set(names[i], kinds[i] == 1 ? null : $"v{i}");
                        }
                    }

                    e.Clear();
                    e.Set(Pipeline.T0, "id", 0, fields);
                    for (var i = 0; i < width; i++)
                    {
                        e.TryGet(names[i], out var value).ShouldBe(kinds[i] > 0);
                        value.ShouldBe(kinds[i] == 2 ? $"v{i}" : null);
                        e.ValueAt(i).ShouldBe(value);
                        e.GetValue(i).ShouldBe(value);
                    }
                }
            },
            iter: 300);
    }

    [Fact]
    public void AddDetection_SeveralRules_KeptInOrder()
    {
        var e = new BufferedEvent(["f"]);
        foreach (var index in new[] { 4, 1, 7, 9 })
        {
            e.AddDetection(index);
        }

        Enumerable.Range(0, e.DetectionCount).Select(e.Detection).ShouldBe([4, 1, 7, 9]);
        e.Clear();
        e.DetectionCount.ShouldBe(0);
    }
}
