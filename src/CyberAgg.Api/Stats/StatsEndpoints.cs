using System.Diagnostics;
using System.Globalization;
using CyberAgg.Api.Alerts;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using CyberAgg.Events.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Stats;

/// <summary>Event-rate statistics from the per-minute rollup, and the country × country matrix of shared indicators.</summary>
internal static class StatsEndpoints
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/stats", StatsAsync).WithName("GetStats").WithSummary("Event rates by country, partner and category (partners the caller has agreements with).");
        api.MapGet("/stats/shared-indicators", SharedAsync).WithName("GetSharedIndicators").WithSummary("Distinct cross-border indicators per pair of countries, from alerts the caller may see.");
    }

    private static async Task<IResult> StatsAsync(HttpContext context, ApiServices services, CancellationToken cancellationToken)
    {
        if (!TryWindow(context.Request.Query, services.Time, out var from, out var to, out var problem))
        {
            return problem!;
        }

        var step = (int)Math.Max(60, Math.Ceiling((to - from).TotalSeconds / 360 / 60) * 60);
        var started = Stopwatch.GetTimestamp();
        var rows = await services.Rates.RatesAsync(services.Policy.EventScopeFor(context.Principal()), from, to, step, cancellationToken);

        ApiInstrumentation.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(ApiInstrumentation.Tags.Query, "stats"));
        return TypedResults.Ok(new StatsResponse(from, to, step,
            Series(rows.Select(r => (r.Country, r.Time, r.Events))),
            Series(rows.Select(r => (r.Partner, r.Time, r.Events))),
            Series(rows.Select(r => (r.Category, r.Time, r.Events)))));
    }

    private static async Task<IResult> SharedAsync(HttpContext context, ApiServices services, CancellationToken cancellationToken)
    {
        if (!TryWindow(context.Request.Query, services.Time, out var from, out var to, out var problem))
        {
            return problem!;
        }

        var caller = context.Principal();
        var page = await services.Queries.ListAsync(caller, new AlertFilter { From = from, To = to, Kind = AlertKinds.CrossBorder, Limit = 5000 }, cancellationToken);
        var pairs = new Dictionary<(string, string), HashSet<string>>();
        foreach (var alert in page.Items)
        {
            foreach (var a in alert.Countries)
            {
                foreach (var b in alert.Countries.Where(b => b != a))
                {
                    if (!pairs.TryGetValue((a, b), out var set))
                    {
                        pairs[(a, b)] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(alert.GroupKey);
                }
            }
        }

        var countries = pairs.Keys.Select(k => k.Item1).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var cells = pairs.OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
            .Select(p => new SharedIndicatorCell(p.Key.Item1, p.Key.Item2, p.Value.Count)).ToArray();
        return TypedResults.Ok(new SharedIndicators(from, to, countries, cells));
    }

    private static List<StatsSeries> Series(IEnumerable<(string Key, DateTimeOffset T, long N)> rows) =>
        rows.GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select(g => new StatsSeries(g.Key, g.Sum(r => r.N),
                g.GroupBy(r => r.T).Select(t => new StatsPoint(t.Key, t.Sum(r => r.N))).OrderBy(pt => pt.T).ToArray()))
            .OrderByDescending(s => s.Total).ToList();

    private static bool TryWindow(IQueryCollection query, TimeProvider time, out DateTimeOffset from, out DateTimeOffset to, out IResult? problem)
    {
        problem = null;
        to = time.GetUtcNow();
        from = to.AddHours(-1);
        foreach (var (key, values) in query)
        {
            var value = values.Count == 1 ? values[0] ?? "" : "";
            var ok = DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                && value.Length <= 40 && t.Year is >= 1970 and <= 2200;
            switch (key)
            {
                case "from" when ok:
                    from = t;
                    break;
                case "to" when ok:
                    to = t;
                    break;
                case "from" or "to":
                    problem = Problems.BadRequest(key, "must be one RFC 3339 timestamp, e.g. 2026-01-01T00:00:00Z.");
                    return false;
                default:
                    problem = Problems.BadRequest(key.Length > 40 ? key[..40] : key, "is not a parameter; use from and to.");
                    return false;
            }
        }

        if (from >= to || to - from > MaxWindow)
        {
            problem = Problems.BadRequest("from", "must be before 'to', and the window at most 31 days.");
            return false;
        }

        return true;
    }
}
