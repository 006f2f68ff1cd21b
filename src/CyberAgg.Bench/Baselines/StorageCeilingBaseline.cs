using System.Diagnostics;
using Confluent.Kafka;
using CyberAgg.Bench.Measurement;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Baselines;

/// <summary>
/// Baseline (c), the storage ceiling: as many events as the run's backlog, of the same shape (encoded again),
/// inserted into the same <c>events</c> table the way the correlator inserts them (RowBinary written straight into
/// each insert's request, one insert per partition range of the correlator's store batch, the ranges side by side),
/// with no Kafka and no correlator in the way.
/// </summary>
/// <remarks>
/// The batches are read (and, from a stream, encoded) and decoded one round of inserts at a time, outside the timed
/// part, so memory stays at one store batch whatever the run's size; the figure is the sum of the rounds' insert times.
/// </remarks>
internal static class StorageCeilingBaseline
{
    /// <summary>Inserts every event of <paramref name="messages"/> once; returns the events and the seconds spent inserting.</summary>
    public static async Task<(long Events, double Seconds)> RunAsync(
        ClickHouseWriter writer, string database, IEnumerable<Message<byte[]?, byte[]>> messages, IngestDecoder decoder,
        int partitions, int storeBatchEvents, string runId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var perRange = Math.Max(1, storeBatchEvents / Math.Max(1, partitions));
        var table = database + ".events";
        var inserting = TimeSpan.Zero;
        long events = 0;
        var round = 0;
        using var next = messages.GetEnumerator();
        var more = next.MoveNext();
        while (more)
        {
            var ranges = new List<List<SecurityEvent>>(partitions);
            while (ranges.Count < partitions && more)
            {
                var range = new List<SecurityEvent>(perRange);
                while (range.Count < perRange && more)
                {
                    StageProfile.DecodeOne(next.Current, decoder, range);
                    more = next.MoveNext();
                }

                ranges.Add(range);
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ranges.Select((range, i) => Task.Run(
                async () =>
                {
                    var rows = new EventRows(range, time.GetUtcNow(), i);
                    await writer.InsertRowBinaryAsync(table, EventRows.Columns, rows, $"bench-ceiling/{runId}/{round}/{i}", cancellationToken);
                },
                cancellationToken)));
            inserting += clock.Elapsed;
            events += ranges.Sum(r => r.Count);
            round++;
        }

        return (events, Math.Max(inserting.TotalSeconds, 1e-6));
    }
}
