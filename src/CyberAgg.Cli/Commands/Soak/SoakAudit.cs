using System.Globalization;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>What ClickHouse holds at the end of a soak, checked against what Kafka acknowledged.</summary>
internal sealed class SoakAudit(string connectionString, string database, string topic) : IDisposable
{
    private readonly ClickHouseClient client = new(connectionString);

    /// <summary>Stored rows per event id of the run (a count above one is a duplicate).</summary>
    public async Task<Dictionary<string, ulong>> StoredAsync(string idPrefix, CancellationToken cancellationToken)
    {
        var p = new ClickHouseParameterCollection();
        p.AddParameter("prefix", idPrefix);
        return await CountsAsync(
            $"SELECT event_id, count() FROM {database}.events WHERE startsWith(event_id, {{prefix:String}}) GROUP BY event_id", p, cancellationToken);
    }

    /// <summary>Distinct event ids of the run stored so far (cheap progress measure while draining).</summary>
    public async Task<ulong> StoredDistinctAsync(string idPrefix, CancellationToken cancellationToken)
    {
        var p = new ClickHouseParameterCollection();
        p.AddParameter("prefix", idPrefix);
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT uniqExact(event_id) FROM {database}.events WHERE startsWith(event_id, {{prefix:String}})", p, null, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Convert.ToUInt64(reader.GetValue(0), CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>(partition, offset) of every dead letter of the events topic.</summary>
    public async Task<HashSet<(int, long)>> DeadLetteredAsync(CancellationToken cancellationToken)
    {
        var p = new ClickHouseParameterCollection();
        p.AddParameter("topic", topic);
        var found = new HashSet<(int, long)>();
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT kafka_partition, kafka_offset FROM {database}.deadletter WHERE topic = {{topic:String}}", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }

        return found;
    }

    /// <summary>Distinct cross-border alerts per group key.</summary>
    public Task<Dictionary<string, ulong>> CrossBorderAlertsAsync(CancellationToken cancellationToken) =>
        CountsAsync($"SELECT group_key, uniqExact(alert_id) FROM {database}.alerts FINAL WHERE kind = 'cross-border' GROUP BY group_key", null, cancellationToken);

    /// <summary>Runs a query of (key, count) rows into a dictionary.</summary>
    private async Task<Dictionary<string, ulong>> CountsAsync(string sql, ClickHouseParameterCollection? parameters, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, ulong>(StringComparer.Ordinal);
        using var reader = await client.ExecuteReaderAsync(sql, parameters, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = Convert.ToUInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>Where and when an indicator's sightings were stored, for the report of a missing alert.</summary>
    public async Task<string> SightingsAsync(string ip, CancellationToken cancellationToken)
    {
        var p = new ClickHouseParameterCollection();
        p.AddParameter("ip", ip);
        var rows = new List<string>();
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT partner, kafka_partition, toString(ts), toString(ingested_at) FROM {database}.events WHERE source_ip = {{ip:String}} ORDER BY ts", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add($"{reader.GetString(0)} on partition {reader.GetValue(1)} at {reader.GetString(2)}, stored {reader.GetString(3)}");
        }

        return rows.Count == 0 ? "no sighting stored" : string.Join("; ", rows);
    }

    public void Dispose() => client.Dispose();
}
