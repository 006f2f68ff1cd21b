using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;
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
        // Counted under the caller's event scope, as the rates are: another partner's events only at a TLP an agreement releases.
        var scope = services.Policy.EventScopeFor(caller);
        var visible = services.Policy.Partners.Where(p => scope.MaySeeSomeOf(p.Id)).ToArray();
        var window = TimeSpan.FromMinutes(WindowMinutes);
        var rows = await services.Store.Events.ArrivalsAsync(scope, now, window, TimeSpan.FromHours(BaselineHours) + window,
            visible.Select(v => v.Id).ToArray(), cancellationToken);

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

    private static SourceHealth Source(string partner, string country, string? sensor, SourceArrivals[] rows, double windows)
    {
        var recent = rows.Sum(r => r.Recent);
        var baseline = Math.Round(rows.Sum(r => r.Before) / windows, 2);
        return new SourceHealth(partner, country, sensor,
            rows.Length == 0 ? null : rows.Max(r => r.LastEvent), rows.Length == 0 ? null : rows.Max(r => r.LastReceived), recent, baseline, HealthStates.Of(recent, baseline));
    }
}
