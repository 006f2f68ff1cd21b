using System.Globalization;
using CyberAgg.Bench.Report;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Measurement;

/// <summary>
/// Twice a second: the process's resident set, the managed heap the GC has committed, what the embedded
/// ClickHouse's own memory tracker counts and how many events the correlator holds for the watermark; keeps, per phase, the sample with the largest resident set, so the report
/// says which part of the process the peak belongs to, and the most events held in any of the phase's samples.
/// </summary>
/// <remarks>
/// The three do not add up to the resident set: the rest is the runtime, mapped code (chDB's library alone pages in
/// ~190 MiB), librdkafka's queues and the embedded Kafka's logs.
/// </remarks>
internal sealed class MemorySampler(ClickHouseWriter writer, Func<string> phase, Func<long> buffered, TimeSpan interval)
{
    private readonly Dictionary<string, MemorySample> peaks = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long clickHouseBytes = -1;

    /// <summary>Per phase, in the order the phases began: the sample with the largest resident set.</summary>
    public IReadOnlyList<MemorySample> Peaks
    {
        get
        {
            lock (gate)
            {
                return [.. peaks.Values];
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                await SampleAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the run's other background work.
        }
    }

    /// <summary>Takes one sample now, with a fresh ClickHouse figure.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            var rows = await writer.QueryAsync("SELECT value FROM system.metrics WHERE metric = 'MemoryTracking'", cancellationToken);
            if (rows.Count == 1 && long.TryParse(rows[0][0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
            {
                Volatile.Write(ref clickHouseBytes, bytes);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A ClickHouse that does not answer keeps its last figure; the resident set is still worth keeping.
        }

        Sample(phase());
    }

    /// <summary>
    /// Takes one sample for <paramref name="ending"/>, a phase about to end, with the last ClickHouse figure read: a
    /// phase shorter than the interval is still sampled once.
    /// </summary>
    public void Sample(string ending)
    {
        var gc = GC.GetGCMemoryInfo();
        var clickHouse = Volatile.Read(ref clickHouseBytes);
        var sample = new MemorySample(ending, ProcessUsage.ResidentMib(), Mib(gc.TotalCommittedBytes), Mib(gc.HeapSizeBytes), clickHouse < 0 ? null : Mib(clickHouse), buffered());
        lock (gate)
        {
            if (!peaks.TryGetValue(ending, out var peak))
            {
                peaks[ending] = sample;
            }
            else
            {
                var most = Math.Max(peak.MostBufferedEvents, sample.BufferedEvents);
                peaks[ending] = (sample.ResidentMib > peak.ResidentMib ? sample : peak) with { MostBufferedEvents = most };
            }
        }
    }

    private static double Mib(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
