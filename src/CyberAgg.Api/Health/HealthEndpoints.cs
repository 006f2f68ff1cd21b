using System.Globalization;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Health;

/// <summary>Alliance health: which partner's sensors went quiet, measured on the wall clock of arrival against each source's own baseline.</summary>
internal static class HealthEndpoints
{
    public const int WindowMinutes = 15;
    public const int BaselineHours = 24;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/health/partners", GetAsync).WithName("GetAllianceHealth")
            .WithSummary($"Per partner (and, for the partner itself and operators, per sensor): last event time, last arrival, events in the last {WindowMinutes} min against its own {BaselineHours} h baseline.");

    private static async Task<IResult> GetAsync(HttpContext context, ApiServices services, CancellationToken cancellationToken)
    {
        if (context.Request.Query.Count > 0)
        {
            return Problems.BadRequest(context.Request.Query.Keys.First(), "is not a parameter; /api/health/partners takes none.");
        }

        return TypedResults.Ok(await ReadAsync(services, context.Principal(), cancellationToken));
    }

    /// <summary>The health of every partner <paramref name="caller"/> may see the rates of.</summary>
    public static async Task<AllianceHealth> ReadAsync(ApiServices services, Principal caller, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var scope = services.Policy.ScopeFor(caller);
        var visible = services.Policy.Partners.Where(p => scope.All || scope.StatsPartners.Contains(p.Id, StringComparer.Ordinal)).ToArray();
        var p = new ClickHouseParameterCollection();
        p.AddParameter("now", now.ToUnixTimeMilliseconds());
        p.AddParameter("window", WindowMinutes * 60_000L);
        p.AddParameter("baseline", BaselineHours * 3_600_000L);
        p.AddParameter("partners", visible.Select(v => v.Id).ToArray());
        var rows = new List<(string Partner, string Sensor, DateTimeOffset Last, DateTimeOffset Received, long Recent, long Before)>();
        // The ts bound prunes day partitions; an event that arrives more than a week after it happened is not a sign of life.
        using (var reader = await services.Store.Client.ExecuteReaderAsync(
            "SELECT partner, observer_name, max(ts), max(ingested_at), " +
            "countIf(ingested_at >= fromUnixTimestamp64Milli({now:Int64} - {window:Int64}, 'UTC')), " +
            "countIf(ingested_at < fromUnixTimestamp64Milli({now:Int64} - {window:Int64}, 'UTC')) " +
            $"FROM {services.Store.Database}.events " +
            "WHERE has({partners:Array(String)}, partner) AND ts >= fromUnixTimestamp64Milli({now:Int64} - {baseline:Int64}, 'UTC') - INTERVAL 7 DAY " +
            "AND ingested_at >= fromUnixTimestamp64Milli({now:Int64} - {baseline:Int64} - {window:Int64}, 'UTC') AND ingested_at <= fromUnixTimestamp64Milli({now:Int64}, 'UTC') " +
            "GROUP BY partner, observer_name LIMIT 100000", p, null, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), AlertColumns.Time(reader.GetValue(2)), AlertColumns.Time(reader.GetValue(3)),
                    Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)));
            }
        }

        var windows = BaselineHours * 60.0 / WindowMinutes;
        var partners = new List<PartnerHealth>();
        foreach (var partner in visible)
        {
            var mine = rows.Where(r => r.Partner == partner.Id).ToArray();
            var summary = Source(partner.Id, partner.Country, null, mine, windows);
            var sensors = caller.IsAdmin || caller.Id == partner.Id
                ? mine.GroupBy(r => r.Sensor, StringComparer.Ordinal).Select(g => Source(partner.Id, partner.Country, g.Key.Length == 0 ? "(unnamed)" : g.Key, g.ToArray(), windows))
                    .OrderBy(s => HealthStates.Rank(s.State)).ThenBy(s => s.Sensor, StringComparer.Ordinal).ToArray()
                : [];
            partners.Add(new PartnerHealth(summary, sensors));
        }

        return new AllianceHealth(now, WindowMinutes, BaselineHours,
            partners.OrderBy(h => HealthStates.Rank(h.Summary.State)).ThenBy(h => h.Summary.Partner, StringComparer.Ordinal).ToArray());
    }

    private static SourceHealth Source(string partner, string country, string? sensor, (string Partner, string Sensor, DateTimeOffset Last, DateTimeOffset Received, long Recent, long Before)[] rows, double windows)
    {
        var recent = rows.Sum(r => r.Recent);
        var baseline = Math.Round(rows.Sum(r => r.Before) / windows, 2);
        return new SourceHealth(partner, country, sensor,
            rows.Length == 0 ? null : rows.Max(r => r.Last), rows.Length == 0 ? null : rows.Max(r => r.Received), recent, baseline, HealthStates.Of(recent, baseline));
    }
}
