using System.Globalization;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using CyberAgg.Api.Alerts;
using CyberAgg.Api.Auth;
using CyberAgg.Storage.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Hosting;

/// <summary>Who am I, the partner directory, and the operators' audit trail.</summary>
internal static class PrincipalEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext c) =>
        {
            var p = c.Principal();
            return TypedResults.Ok(new { id = p.Id, display_name = p.DisplayName, country = p.Country, role = p.Role });
        }).WithName("GetMe").WithSummary("The authenticated principal.");
        api.MapGet("/partners", (ApiServices s) => TypedResults.Ok(s.Policy.Partners
            .Select(p => new { id = p.Id, country = p.Country, display_name = p.DisplayName }).OrderBy(p => p.id, StringComparer.Ordinal)))
            .WithName("ListPartners").WithSummary("The cooperating partners (ids, countries, names).");
        api.MapGet("/audit", AuditAsync).RequireAuthorization(ApiHost.AdminPolicy)
            .WithName("GetAudit").WithSummary("Operators only: the sharing audit trail of one alert.");
    }

    private static async Task<IResult> AuditAsync(string? alert_id, ApiServices services, CancellationToken cancellationToken)
    {
        if (alert_id is null || !AlertFilter.IsAlertId(alert_id))
        {
            return Problems.BadRequest("alert_id", "is required: an alert id.");
        }

        var p = new ClickHouseParameterCollection();
        p.AddParameter("id", alert_id);
        var rows = new List<object>();
        using var reader = await services.Store.Client.ExecuteReaderAsync(
            "SELECT audited_at, action, actor, recipient, agreement_ids, key_ids, tlp, channel, detail " +
            $"FROM {services.Store.Database}.sharing_audit WHERE alert_id = {{id:String}} ORDER BY audited_at LIMIT 10000", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new
            {
                audited_at = ClickHouseValues.Time(reader.GetValue(0)),
                action = reader.GetString(1),
                actor = reader.GetString(2),
                recipient = reader.GetString(3),
                agreement_ids = ClickHouseValues.Strings(reader.GetValue(4)),
                key_ids = ClickHouseValues.Strings(reader.GetValue(5)),
                tlp = reader.GetString(6),
                channel = reader.GetString(7),
                detail = reader.GetString(8),
            });
        }

        return TypedResults.Ok(new { alert_id, count = rows.Count.ToString(CultureInfo.InvariantCulture), rows });
    }
}
