using System.Globalization;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Records each partition range before it is inserted, so after a crash the next owner of the partition re-forms
/// exactly the same range and its insert carries the same deduplication token.
/// </summary>
internal sealed class BatchPlanStore(ClickHouseWriter writer, string database)
{
    public async Task RecordAsync(string topic, IEnumerable<PartitionBatch> ranges, CancellationToken cancellationToken)
    {
        var values = string.Join(", ", ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"('{topic}', {r.Partition}, {r.FirstOffset}, {r.LastOffset})")));
        if (values.Length > 0)
        {
            await writer.ExecuteAsync($"INSERT INTO {database}.ingest_batches (topic, partition, first_offset, last_offset) VALUES {values}", cancellationToken);
        }
    }

    /// <summary>The last offset of a range that was planned from <paramref name="firstOffset"/> but maybe never committed.</summary>
    public async Task<long?> FindPlannedEndAsync(string topic, int partition, long firstOffset, CancellationToken cancellationToken)
    {
        var rows = await writer.QueryAsync(
            string.Create(CultureInfo.InvariantCulture, $"SELECT max(last_offset) FROM {database}.ingest_batches WHERE topic = '{topic}' AND partition = {partition} AND first_offset = {firstOffset} HAVING count() > 0"),
            cancellationToken);
        return rows.Count == 0 ? null : long.Parse(rows[0][0], CultureInfo.InvariantCulture);
    }
}
