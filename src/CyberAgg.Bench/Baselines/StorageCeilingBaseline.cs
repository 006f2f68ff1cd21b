using System.Diagnostics;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Baselines;

/// <summary>
/// Baseline (c), the storage ceiling: the run's own events, decoded beforehand, inserted into the same
/// <c>events</c> table the way the correlator inserts them (rows built per insert, one insert per partition range
/// of the correlator's store batch, the ranges side by side), with no Kafka and no correlator in the way.
/// </summary>
internal static class StorageCeilingBaseline
{
    /// <summary>Inserts every event once; returns the seconds from the first insert to the last acknowledged.</summary>
    public static async Task<double> RunAsync(
        ClickHouseWriter writer, string database, IReadOnlyList<SecurityEvent> events, int partitions, int storeBatchEvents, string runId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var perRange = Math.Max(1, storeBatchEvents / Math.Max(1, partitions));
        var table = database + ".events";
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(partitions);
        for (var start = 0; start < events.Count; start += perRange)
        {
            var first = start;
            var count = Math.Min(perRange, events.Count - start);
            inFlight.Add(Task.Run(
                async () =>
                {
                    var ingestedAt = time.GetUtcNow().UtcDateTime;
                    var rows = new List<object[]>(count);
                    for (var i = first; i < first + count; i++)
                    {
                        rows.Add(EventRows.ToConsumedRow(events[i], ingestedAt, first % partitions));
                    }

                    await writer.InsertAsync(table, EventRows.ConsumedColumns, rows, $"bench-ceiling/{runId}/{first}", cancellationToken);
                },
                cancellationToken));
            if (inFlight.Count == partitions)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }

        await Task.WhenAll(inFlight);
        return Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
    }
}
