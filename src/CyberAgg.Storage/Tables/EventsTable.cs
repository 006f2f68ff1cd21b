using System.Globalization;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;

namespace CyberAgg.Storage.Tables;

/// <summary>
/// The read gateway to <c>events</c>. Event ids come from partners (an agent may send its own), so two partners can
/// hold the same id: every lookup is by owner and id, never by id alone.
/// </summary>
public sealed class EventsTable(ClickHouseClient client, string database)
{
    /// <summary>Most evidence events one lookup returns.</summary>
    public const int MaxEvidence = 1000;

    /// <summary>Most (partner, sensor) rows one arrivals read returns.</summary>
    public const int MaxSources = 100_000;

    /// <summary>Most (partner, hour) rows one sightings read returns.</summary>
    public const int MaxSightings = 20_000;

    /// <summary>
    /// The events with one of <paramref name="eventIds"/> owned by one of <paramref name="owners"/> (an alert's
    /// partners), one row per (owner, id), oldest first. Release per row stays the caller's job.
    /// </summary>
    public async Task<IReadOnlyList<EvidenceEvent>> EvidenceAsync(IReadOnlyList<string> owners, IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(eventIds);
        if (owners.Count == 0 || eventIds.Count == 0)
        {
            return [];
        }

        var p = new ClickHouseParameterCollection();
        p.AddParameter("ids", eventIds.Take(MaxEvidence).ToArray());
        p.AddParameter("owners", owners.ToArray());
        var seen = new HashSet<(string, string)>();
        var events = new List<EvidenceEvent>();
        using var reader = await client.ExecuteReaderAsync(
            "SELECT event_id, ts, partner, country, observer_name, category, action, outcome, severity, source_ip, destination_ip, " +
            "domain, file_sha256, technique, user_name, host_name, tlp, message, process_command_line " +
            $"FROM {database}.events WHERE has({{ids:Array(String)}}, event_id) AND has({{owners:Array(String)}}, partner) " +
            $"ORDER BY ts, partner, event_id LIMIT {MaxEvidence}", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var e = new EvidenceEvent
            {
                EventId = reader.GetString(0),
                Timestamp = ClickHouseValues.Time(reader.GetValue(1)),
                Partner = reader.GetString(2),
                Country = reader.GetString(3),
                ObserverName = reader.GetString(4),
                Category = reader.GetString(5),
                Action = reader.GetString(6),
                Outcome = reader.GetString(7),
                Severity = Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
                SourceIp = reader.GetString(9),
                DestinationIp = reader.GetString(10),
                Domain = reader.GetString(11),
                FileSha256 = reader.GetString(12),
                Technique = reader.GetString(13),
                UserName = reader.GetString(14),
                HostName = reader.GetString(15),
                Tlp = reader.GetString(16),
                Message = reader.GetString(17),
                CommandLine = reader.GetString(18),
            };
            if (seen.Add((e.Partner, e.EventId)))
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <summary>
    /// Per partner and sensor, the events <paramref name="scope"/> may see that arrived (wall clock of ingestion) in
    /// (<paramref name="now"/> - <paramref name="lookBack"/>, <paramref name="now"/>]: counted as recent within
    /// <paramref name="recent"/> of now, else as before. Only <paramref name="partners"/>, when given.
    /// </summary>
    public async Task<IReadOnlyList<SourceArrivals>> ArrivalsAsync(
        RowScope scope, DateTimeOffset now, TimeSpan recent, TimeSpan lookBack, IReadOnlyList<string>? partners, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var p = new ClickHouseParameterCollection();
        p.AddParameter("now", now.ToUnixTimeMilliseconds());
        p.AddParameter("recent", (long)recent.TotalMilliseconds);
        p.AddParameter("lookback", (long)lookBack.TotalMilliseconds);
        p.AddParameter("only", partners is null ? 0 : 1);
        p.AddParameter("partners", partners?.ToArray() ?? []);
        var rows = new List<SourceArrivals>();
        // The ts bound prunes day partitions; an event that arrives more than a week after it happened is not a sign of life.
        using var reader = await client.ExecuteReaderAsync(
            "SELECT partner, observer_name, max(ts), max(ingested_at), " +
            "countIf(ingested_at >= fromUnixTimestamp64Milli({now:Int64} - {recent:Int64}, 'UTC')), " +
            "countIf(ingested_at < fromUnixTimestamp64Milli({now:Int64} - {recent:Int64}, 'UTC')) " +
            $"FROM {database}.events " +
            "WHERE ts >= fromUnixTimestamp64Milli({now:Int64} - {lookback:Int64}, 'UTC') - INTERVAL 7 DAY " +
            "AND ingested_at >= fromUnixTimestamp64Milli({now:Int64} - {lookback:Int64}, 'UTC') AND ingested_at <= fromUnixTimestamp64Milli({now:Int64}, 'UTC') " +
            "AND ({only:UInt8} = 0 OR has({partners:Array(String)}, partner)) AND " + scope.Condition(p) +
            $" GROUP BY partner, observer_name LIMIT {MaxSources}", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SourceArrivals(reader.GetString(0), reader.GetString(1), ClickHouseValues.Time(reader.GetValue(2)), ClickHouseValues.Time(reader.GetValue(3)),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    /// <summary>
    /// Hourly counts (event time, since <paramref name="since"/>) of events whose IP, domain, URL or SHA-256 is
    /// <paramref name="value"/>. Raw sightings never cross owners: a partner gets only its own events whatever its
    /// agreements (others' reach it only as alerts), an operator every partner's.
    /// </summary>
    public async Task<IReadOnlyList<IndicatorSighting>> SightingsAsync(RowScope scope, string value, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var p = new ClickHouseParameterCollection();
        p.AddParameter("v", value);
        p.AddParameter("since", since.ToUnixTimeSeconds());
        var rows = new List<IndicatorSighting>();
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT partner, country, toStartOfHour(ts) AS t, count() FROM {database}.events " +
            "WHERE ts >= toDateTime({since:Int64}, 'UTC') AND " + scope.OwnRowsOnly().Condition(p) +
            " AND (source_ip = {v:String} OR destination_ip = {v:String} OR domain = {v:String} OR file_sha256 = lower({v:String}) OR url = {v:String}) " +
            $"GROUP BY partner, country, t ORDER BY partner, t LIMIT {MaxSightings}", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new IndicatorSighting(reader.GetString(0), reader.GetString(1), ClickHouseValues.Time(reader.GetValue(2)),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
