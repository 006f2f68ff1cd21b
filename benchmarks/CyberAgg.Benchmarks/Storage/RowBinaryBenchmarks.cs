using BenchmarkDotNet.Attributes;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Benchmarks.Storage;

/// <summary>
/// Preparing events for the ClickHouse insert: today's <see cref="EventRows.ToRow"/> object[] rows (boxed values,
/// which ClickHouse.Driver then serialises to RowBinary inside InsertBinaryAsync), against encoding RowBinary directly.
/// The driver's own serialisation needs a server round trip, so it is measured end to end by <c>cyberagg bench</c>.
/// </summary>
[MemoryDiagnoser]
public class RowBinaryBenchmarks
{
    private const int Events = 10_000;
    private readonly RowBinarySketch sketch = new(4 * 1024 * 1024);
    private readonly List<object[]> rows = new(Events);
    private SecurityEvent[] events = [];
    private DateTime ingestedAt;

    [GlobalSetup]
    public void Setup()
    {
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        ingestedAt = at.UtcDateTime;
        events = Enumerable.Range(0, Events).Select(i => SampleEvents.Network(i, 10_000, at)).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int ObjectRows()
    {
        rows.Clear();
        foreach (var e in events)
        {
            rows.Add(EventRows.ToRow(e, ingestedAt));
        }

        return rows.Count;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int DirectRowBinary()
    {
        sketch.Reset();
        var ms = new DateTimeOffset(ingestedAt).ToUnixTimeMilliseconds();
        foreach (var e in events)
        {
            sketch.Write(e, ms);
        }

        return sketch.Length;
    }
}
