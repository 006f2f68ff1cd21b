using CsCheck;
using CyberAgg.Bench.Measurement;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Tests;

/// <summary>The per-phase memory figures: the largest resident set's sample, and the most events held in any sample.</summary>
public sealed class MemorySamplerTests
{
    [Fact]
    public void Sample_AnySequenceOfPhasesAndHeldEvents_KeepsEachPhasesMostHeld()
    {
        // Sample(phase) never asks ClickHouse: the writer is only there for the periodic samples.
        using var writer = new ClickHouseWriter("Host=127.0.0.1;Port=9;Protocol=http");
        string[] phases = ["peak", "load", "ceiling"];
        Gen.Select(Gen.Int[0, 2], Gen.Long[0, 1_000_000]).Array[1, 40].Sample(samples =>
        {
            var next = 0;
            var sampler = new MemorySampler(writer, () => "unused", () => samples[next].Item2, TimeSpan.FromSeconds(1));
            for (next = 0; next < samples.Length; next++)
            {
                sampler.Sample(phases[samples[next].Item1]);
            }

            var expected = samples.GroupBy(s => phases[s.Item1]).ToDictionary(g => g.Key, g => g.Max(s => s.Item2));
            sampler.Peaks.ToDictionary(p => p.Phase, p => p.MostBufferedEvents).ShouldBe(expected, ignoreOrder: true);
        });
    }
}
