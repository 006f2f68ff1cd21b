using System.Globalization;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;

namespace CyberAgg.Storage.Tables;

/// <summary>The gateway to the <c>events_per_minute_tlp</c> rollup: every read applies a <see cref="RowScope"/>.</summary>
public sealed class EventRatesTable(ClickHouseClient client, string database)
{
    /// <summary>Most buckets one query returns.</summary>
    public const int MaxRows = 200_000;

    /// <summary>Event counts in <paramref name="step"/>-second buckets of [from, to) that <paramref name="scope"/> may see.</summary>
    public async Task<IReadOnlyList<EventRate>> RatesAsync(RowScope scope, DateTimeOffset from, DateTimeOffset to, int step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var p = new ClickHouseParameterCollection();
        p.AddParameter("from", from.ToUnixTimeSeconds());
        p.AddParameter("to", to.ToUnixTimeSeconds());
        p.AddParameter("step", step);
        var rows = new List<EventRate>();
        using var reader = await client.ExecuteReaderAsync(
            "SELECT toStartOfInterval(minute, toIntervalSecond({step:UInt32})) AS t, partner, country, category, sum(events) " +
            $"FROM {database}.events_per_minute_tlp " +
            "WHERE minute >= toDateTime({from:Int64}, 'UTC') AND minute < toDateTime({to:Int64}, 'UTC') AND " + scope.Condition(p) +
            $" GROUP BY t, partner, country, category ORDER BY t LIMIT {MaxRows}", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new EventRate(ClickHouseValues.Time(reader.GetValue(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    /// <summary>
    /// The first minute and the end of the last minute with events <paramref name="scope"/> may see, since
    /// <paramref name="since"/>; null when there are none.
    /// </summary>
    public async Task<(DateTimeOffset From, DateTimeOffset To)?> ExtentAsync(RowScope scope, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var p = new ClickHouseParameterCollection();
        p.AddParameter("since", since.ToUnixTimeSeconds());
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT count(), min(minute), max(minute) FROM {database}.events_per_minute_tlp " +
            "WHERE minute >= toDateTime({since:Int64}, 'UTC') AND " + scope.Condition(p), p, null, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        // The last bucket covers the minute after its start.
        return (ClickHouseValues.Time(reader.GetValue(1)), ClickHouseValues.Time(reader.GetValue(2)).AddMinutes(1));
    }
}
