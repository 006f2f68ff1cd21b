using CyberAgg.Api.Alerts;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Pivot;

/// <summary>From one indicator (IP, domain, URL, hash) to everything seen of it: alerts across countries and sightings over time.</summary>
internal static class PivotEndpoints
{
    private const int MaxValueLength = 256;

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/pivot", PivotAsync).WithName("Pivot")
            .WithSummary("Alerts the caller may see whose indicator holds ?value=, and hourly sightings of it in the caller's own events (operators: all), last 31 days.");

    private static async Task<IResult> PivotAsync(HttpContext context, ApiServices services, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => k != "value") is { } unknown)
        {
            return Problems.BadRequest(unknown.Length > 40 ? unknown[..40] : unknown, "is not a parameter; use value.");
        }

        var value = query["value"].Count == 1 ? query["value"][0]?.Trim() ?? "" : "";
        if (value.Length is 0 or > MaxValueLength || value.Any(char.IsControl))
        {
            return Problems.BadRequest("value", $"is required once: the indicator, 1 to {MaxValueLength} printable characters (an IP, domain, URL or SHA-256).");
        }

        var caller = context.Principal();
        var now = services.Time.GetUtcNow();
        // The list's search matches the indicator only where the caller sees it in clear, so a pivot cannot confirm a pseudonymised value.
        var page = await services.Queries.ListAsync(caller, new AlertFilter { Text = value, Limit = 200, From = now.AddDays(-31) }, cancellationToken);
        var alerts = page.Items.Where(a => a.GroupKey.Split('|').Contains(value, StringComparer.OrdinalIgnoreCase)
            || a.GroupFields.Values.Contains(value, StringComparer.OrdinalIgnoreCase)).ToArray();

        var scope = services.Policy.EventScopeFor(caller);
        // The gateway keeps a partner to its own raw events; others' reach it only as the alerts above.
        var rows = await services.Store.Events.SightingsAsync(scope, value, now.AddDays(-31), cancellationToken);
        var sightings = rows.GroupBy(r => (r.Partner, r.Country))
            .Select(g => new PivotSighting(g.Key.Partner, g.Key.Country, g.Sum(r => r.Events), g.Min(r => r.Hour), g.Max(r => r.Hour).AddHours(1),
                g.Select(r => new PivotPoint(r.Hour, r.Events)).ToArray()))
            .OrderByDescending(s => s.Events).ToArray();
        return TypedResults.Ok(new PivotResult(value, alerts, sightings, caller.IsAdmin ? "all partners" : "your own events"));
    }
}
