using System.Text.Json;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CyberAgg.Api.Federation;

/// <summary>
/// Sovereign mode's clear-value exchange for the node's own analysts: ask the nodes that saw a blinded indicator for
/// its clear value (an audited node-to-node exchange), and read the answers.
/// </summary>
internal static class ExchangeEndpoints
{
    private const int MaxBodyBytes = 4 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/federation/exchanges", RequestAsync).WithName("RequestClearValue")
            .WithSummary("Asks the nodes that published a blinded indicator for its clear value: {\"alert_id\": \"...\"} (every other country of the alert) or {\"token\": \"<32 hex>\", \"owner\": \"ee-node\"}. Waits up to 5 s for the answers.");
        api.MapGet("/federation/exchanges", ListAsync).WithName("ListClearValueRequests").WithSummary("The newest clear-value requests this node sent, with their answers (?limit=, at most 200).");
        api.MapGet("/federation/exchanges/{id}", GetAsync).WithName("GetClearValueRequest").WithSummary("One clear-value request this node sent: status, reason, agreement and, when released, the value.");
    }

    private static async Task<IResult> RequestAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Authorize(context, out var exchange) is { } denied)
        {
            return denied;
        }

        var (body, problem) = await ReadAsync(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        string token;
        IReadOnlyList<string> owners;
        if (body!.AlertId is { } alertId)
        {
            if (body.Token is not null || body.Owner is not null)
            {
                return Problems.BadRequest("alert_id", "is given with token or owner; send either {\"alert_id\": ...} or {\"token\": ..., \"owner\": ...}.");
            }

            var services = context.RequestServices.GetRequiredService<ApiServices>();
            var stored = Alerts.AlertFilter.IsAlertId(alertId) ? await services.Store.GetAsync(alertId, cancellationToken) : null;
            if (stored is null)
            {
                return Problems.NotFound($"There is no alert '{(alertId.Length > 128 ? alertId[..128] : alertId)}' on this node.");
            }

            const string Prefix = "blinded:";
            if (!stored.Alert.GroupKey.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return Problems.Result(StatusCodes.Status409Conflict, "Already in clear", $"Alert '{alertId}' shows its indicator in clear: this node saw it itself.");
            }

            token = stored.Alert.GroupKey[Prefix.Length..];
            owners = exchange!.OwnersIn(stored.Alert.Countries.ToList());
            if (owners.Count == 0)
            {
                return Problems.Result(StatusCodes.Status409Conflict, "No node to ask", $"No other member node is in the alert's countries ({string.Join(", ", stored.Alert.Countries)}).");
            }
        }
        else if (body.Token is { } t && body.Owner is { } o)
        {
            (token, owners) = (t, [o]);
        }
        else
        {
            return Problems.BadRequest("body", "needs {\"alert_id\": \"...\"} or {\"token\": \"<32 hex digits after blinded:>\", \"owner\": \"<node id>\"}.");
        }

        var caller = context.Principal();
        try
        {
            var views = await Task.WhenAll(owners.Select(owner => exchange!.RequestAsync(token, owner, caller.Id, body.AlertId, Wait, cancellationToken)));
            return TypedResults.Ok(new { requests = views });
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest(e.ParamName ?? "body", e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Authorize(context, out var exchange) is { } denied)
        {
            return denied;
        }

        var limit = 50;
        if (context.Request.Query.TryGetValue("limit", out var text) && (!int.TryParse(text, out limit) || limit is < 1 or > 200))
        {
            return Problems.BadRequest("limit", "must be a whole number from 1 to 200.");
        }

        return TypedResults.Ok(new { requests = await exchange!.RecentAsync(limit, cancellationToken) });
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, CancellationToken cancellationToken)
    {
        if (Authorize(context, out var exchange) is { } denied)
        {
            return denied;
        }

        var view = await exchange!.FindAsync(id, cancellationToken);
        return view is null ? Problems.NotFound($"This node sent no clear-value request '{(id.Length > 64 ? id[..64] : id)}'.") : TypedResults.Ok(view);
    }

    private static IResult? Authorize(HttpContext context, out IClearValueExchange? exchange)
    {
        exchange = context.RequestServices.GetService<IClearValueExchange>();
        if (exchange is null)
        {
            return Problems.NotFound("This node does not run sovereign mode (federation.enabled is false), so it has no clear-value exchange.");
        }

        var caller = context.Principal();
        return exchange.MayRequest(caller.Id, caller.IsAdmin)
            ? null
            : Problems.Forbidden($"Only operators and the partners node {exchange.Node} holds (federation.partners) may ask other nodes in its name.");
    }

    private static async Task<(ExchangeRequestBody?, IResult?)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 2 }, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest("body", "must be a JSON object."));
            }

            string? alertId = null, token = null, owner = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || property.Name is not ("alert_id" or "token" or "owner"))
                {
                    return (null, Problems.BadRequest(property.Name.Length > 40 ? property.Name[..40] : property.Name, "is not a known string field; use alert_id, or token and owner."));
                }

                var value = property.Value.GetString()!.Trim();
                switch (property.Name)
                {
                    case "alert_id": alertId = value; break;
                    case "token": token = value; break;
                    default: owner = value; break;
                }
            }

            return (new ExchangeRequestBody(alertId, token, owner), null);
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("body", "is not valid JSON."));
        }
        catch (BadHttpRequestException e)
        {
            return (null, Problems.Result(e.StatusCode, "Bad body", e.Message));
        }
    }
}
