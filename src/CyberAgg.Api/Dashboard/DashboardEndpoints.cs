using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Dashboard;

/// <summary>What the dashboard needs beyond the public alert API: a sign-in probe without 401 noise, and the data's own time range.</summary>
internal static class DashboardEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/session", SessionAsync).AllowAnonymous().WithName("ProbeSession")
            .WithSummary("Checks the bearer token and answers 200 either way ({signed_in: false} for a bad one), so a sign-in form does not log 401 errors.");
        api.MapGet("/stats/extent", ExtentAsync).WithName("GetStatsExtent")
            .WithSummary("Event time of the first and last events the caller may see the rates of (last 31 days), for charts of replayed or simulated data.");
    }

    private static async Task<IResult> SessionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await context.AuthenticateAsync(CredentialAuthenticationHandler.SchemeName);
        if (!result.Succeeded)
        {
            var reason = result.None
                ? "No token was sent: paste a partner or operator API token."
                : "The token was not accepted: check that it was copied whole (demo tokens change every run).";
            return TypedResults.Ok(new { signed_in = false, reason });
        }

        var p = context.Principal();
        return TypedResults.Ok(new { signed_in = true, id = p.Id, display_name = p.DisplayName, country = p.Country, role = p.Role });
    }

    private static async Task<IResult> ExtentAsync(HttpContext context, ApiServices services, CancellationToken cancellationToken)
    {
        if (context.Request.Query.Count > 0)
        {
            return Problems.BadRequest(context.Request.Query.Keys.First(), "is not a parameter; /api/stats/extent takes none.");
        }

        var extent = await services.Rates.ExtentAsync(services.Policy.EventScopeFor(context.Principal()), services.Time.GetUtcNow().AddDays(-31), cancellationToken);
        return TypedResults.Ok(new { from = extent?.From, to = extent?.To });
    }
}
