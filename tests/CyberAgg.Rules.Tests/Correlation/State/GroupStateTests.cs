using CsCheck;
using CyberAgg.Rules.Correlation.State;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Correlation.State;

/// <summary>The group window (observations and their fields in flat arrays) against a list model.</summary>
public sealed class GroupStateTests
{
    private static readonly string[] Names = ["country", "partner"];
    private static readonly int[] ValuePositions = [0];
    private static readonly int[] ContextPositions = [0, 1];

    // Times within a few minutes (window 5 min, so old ones leave), few values, now and then a clear.
    private static readonly Gen<Step> GenStep = Gen.Select(Gen.Int[0, 600], Gen.OneOfConst<string?>("EE", "LV", "FI", null), Gen.OneOfConst<string?>("a", "b"), Gen.Int[0, 40])
        .Select((second, country, partner, clear) => new Step(second, country, partner, clear == 0));

    [Fact]
    public void Add_RandomObservations_SameWindowAndAggregatesAsAListModel()
    {
        Gen.Select(GenStep.Array[0, 150], Gen.Int[1, 20]).Sample(
            (steps, max) =>
            {
                var timespan = TimeSpan.FromMinutes(5);
                var group = new GroupState("k", ["k"], 1, 2, 1);
                var model = new List<(DateTimeOffset Time, string Id, string? Country, string? Partner)>();
                var latest = DateTimeOffset.MinValue;
                var dropped = 0;
                var modelDropped = 0;
                for (var n = 0; n < steps.Length; n++)
                {
                    var step = steps[n];
                    if (step.Clear)
                    {
                        group.Clear();
                        model.Clear();
                        continue;
                    }

                    var time = Pipeline.T0.AddSeconds(step.Second);
                    var id = $"e{n}";
                    var snapshot = new BufferedEvent(Names);
                    snapshot.Set(time, id, 0, step.Country is null ? TestEvents.Of(("partner", step.Partner)) : TestEvents.Of(("country", step.Country), ("partner", step.Partner)));
                    dropped += group.Add(new Observation(time, id, 0, 1, double.NaN), snapshot, ValuePositions, ContextPositions, timespan, max);

                    // The model: insert after every observation at or before the time, then drop the oldest.
                    var at = model.FindLastIndex(m => m.Time <= time) + 1;
                    model.Insert(at, (time, id, step.Country, step.Partner));
                    latest = time > latest ? time : latest;
                    while (model.Count > 0 && (model[0].Time < latest - timespan || model.Count > max))
                    {
                        modelDropped += model[0].Time >= latest - timespan ? 1 : 0;
                        model.RemoveAt(0);
                    }

                    group.Count.ShouldBe(model.Count);
                    for (var i = 0; i < model.Count; i++)
                    {
                        group[i].EventId.ShouldBe(model[i].Id);
                        group.Value(i, 0).ShouldBe(model[i].Country);
                    }

                    group.Values(0).Distinct.ShouldBe(model.Select(m => m.Country).OfType<string>().Distinct().Count());
                    group.Context(1).Distinct.ShouldBe(model.Select(m => m.Partner).OfType<string>().Distinct().Count());
                    group.Values(0).CountOf("EE").ShouldBe(model.Count(m => m.Country == "EE"));
                    group.Contains(time, id).ShouldBe(model.Any(m => m.Id == id));
                }

                dropped.ShouldBe(modelDropped);
            },
            iter: 500);
    }

    private sealed record Step(int Second, string? Country, string? Partner, bool Clear);
}
