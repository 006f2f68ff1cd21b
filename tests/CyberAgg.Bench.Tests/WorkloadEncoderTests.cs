using CyberAgg.Bench.Workload;

namespace CyberAgg.Bench.Tests;

public sealed class WorkloadEncoderTests
{
    [Fact]
    public void StreamToProducer_ReadOneAtATime_EachValueIsTheBatchStreamBackgroundEncodes()
    {
        var partners = BenchPartner.CreateSet();
        var start = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var expected = new WorkloadEncoder(partners, 50, seed: 7).StreamBackground(5_000, 500, start, TimeSpan.FromMilliseconds(1)).Select(m => m.Value).ToList();

        // Copied as each is read: a later value may reuse an earlier one's array, which is all a producer needs.
        var reused = new WorkloadEncoder(partners, 50, seed: 7).StreamToProducer(5_000, 500, start, TimeSpan.FromMilliseconds(1)).Select(m => m.Value.ToArray()).ToList();

        reused.Count.ShouldBe(10);
        for (var i = 0; i < expected.Count; i++)
        {
            reused[i].ShouldBe(expected[i], $"batch {i}");
        }
    }
}
