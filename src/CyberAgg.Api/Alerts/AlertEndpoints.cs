using System.Text.Json;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using CyberAgg.Api.Stix;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Store;
using CyberAgg.Storage.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Alerts;

/// <summary>The alert endpoints: list, detail, STIX export and status changes.</summary>
internal static class AlertEndpoints
{
    private const int MaxBodyBytes = 16 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/alerts", ListAsync).WithName("ListAlerts").WithSummary("Alerts the caller may see, newest first, with filters and cursor paging.");
        api.MapGet("/alerts/{id}", GetAsync).WithName("GetAlert").WithSummary("One alert with the evidence events the caller may see.");
        api.MapGet("/alerts/{id}/stix", StixAsync).WithName("GetAlertStix").WithSummary("The alert as a STIX 2.1 bundle with TLP 2.0 markings.");
        foreach (var action in new[] { AuditActions.Acknowledge, AuditActions.Assign, AuditActions.Close })
        {
            api.MapPost($"/alerts/{{id}}/{action}", (HttpContext c, string id, ApiServices s, CancellationToken ct) => ChangeAsync(c, id, action, s, ct))
                .WithName("Alert_" + action).WithSummary($"Records '{action}' as a new alert version, with an audit row.");
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, ApiServices services, CancellationToken cancellationToken)
    {
        if (!AlertFilter.TryParse(context.Request.Query, services.Options.MaxPageSize, out var filter, out var error))
        {
            return Problems.BadRequest(error.Parameter, error.Message);
        }

        return TypedResults.Ok(await services.Queries.ListAsync(context.Principal(), filter, cancellationToken));
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, ApiServices services, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (stored, release, problem) = await FindAsync(id, caller, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var evidence = await services.Queries.EvidenceAsync(caller, stored!.Alert, cancellationToken);
        await AuditAsync(services, caller, release!, AuditActions.ChannelApi, cancellationToken);
        var withheld = (int)Math.Max(0, Math.Min(stored.Alert.EvidenceEventIds.Count, 1000) - evidence.Count);
        return TypedResults.Ok(new AlertDetail(AlertItem.From(release!, stored, caller), evidence, withheld));
    }

    private static async Task<IResult> StixAsync(HttpContext context, string id, ApiServices services, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (_, release, problem) = await FindAsync(id, caller, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await AuditAsync(services, caller, release!, AuditActions.ChannelStix, cancellationToken);
        var bundle = StixBundleWriter.Write(release!.Alert, services.Policy, services.Time.GetUtcNow());
        return TypedResults.Bytes(bundle, "application/stix+json;version=2.1", $"{release.Alert.AlertId}.stix.json");
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, string id, string action, ApiServices services, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (body, bodyProblem) = await ReadBodyAsync(context.Request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (action == AuditActions.Assign && string.IsNullOrWhiteSpace(body.Assignee))
        {
            return Problems.BadRequest("assignee", "is required to assign an alert: {\"assignee\": \"analyst name\"}.");
        }

        var (stored, _, problem) = await FindAsync(id, caller, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!SharingPolicy.CanChangeStatus(caller, stored!.Alert))
        {
            return Problems.Forbidden("Only a partner whose evidence raised the alert, or an operator, may change its status.");
        }

        var next = await services.Store.ChangeStatusAsync(stored, new AlertStatusChange(action, body.Assignee?.Trim(), body.Note), caller, cancellationToken);
        services.Feed.Publish(next.Alert);
        return TypedResults.Ok(AlertItem.From(services.Policy.Release(caller, next.Alert)!, next, caller));
    }

    /// <summary>Finds an alert the caller may see; an invisible alert is a 404 like a missing one, so ids cannot be probed.</summary>
    private static async Task<(StoredAlert?, AlertRelease?, IResult?)> FindAsync(string id, Principal caller, ApiServices services, CancellationToken cancellationToken)
    {
        if (!AlertFilter.IsAlertId(id))
        {
            return (null, null, Problems.BadRequest("id", "must be an alert id: 1 to 128 letters, digits, '_', '.', ':' or '-'."));
        }

        var stored = await services.Store.GetAsync(id, cancellationToken);
        var release = stored is null ? null : services.Policy.Release(caller, stored.Alert);
        return release is null
            ? (null, null, Problems.NotFound($"There is no alert '{id}' that this credential may see."))
            : (stored, release, null);
    }

    private static async Task<(StatusRequest Body, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return (new StatusRequest(null, null), null);
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (new StatusRequest(null, null), Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes."));
        }

        if (!request.HasJsonContentType())
        {
            return (new StatusRequest(null, null), Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json."));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return (new StatusRequest(null, null), Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes."));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's limits: over MaxRequestBodySize (413) or slower than MinRequestBodyDataRate (408).
            return (new StatusRequest(null, null), Problems.Result(e.StatusCode, e.StatusCode == StatusCodes.Status408RequestTimeout ? "Body too slow" : "Bad body", e.Message));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (new StatusRequest(null, null), Problems.BadRequest("body", "must be a JSON object."));
            }

            string? assignee = null, note = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || property.Name is not ("assignee" or "note"))
                {
                    return (new StatusRequest(null, null), Problems.BadRequest(property.Name, "is not a known string field; use assignee and note."));
                }

                var value = property.Value.GetString()!;
                if (value.Length > (property.Name == "note" ? 1000 : 128) || value.Any(char.IsControl))
                {
                    return (new StatusRequest(null, null), Problems.BadRequest(property.Name, "is too long or holds control characters."));
                }

                (assignee, note) = property.Name == "assignee" ? (value, note) : (assignee, value);
            }

            return (new StatusRequest(assignee, note), null);
        }
        catch (JsonException)
        {
            return (new StatusRequest(null, null), Problems.BadRequest("body", "is not valid JSON."));
        }
        catch (InvalidOperationException)
        {
            // GetString() of a string holding invalid UTF-8.
            return (new StatusRequest(null, null), Problems.BadRequest("body", "is not valid UTF-8 JSON."));
        }
    }

    private static ValueTask AuditAsync(ApiServices services, Principal caller, AlertRelease release, string channel, CancellationToken cancellationToken)
    {
        SharingInstrumentationTags.Release(channel);
        return services.Audit.EnqueueAsync(
            new AuditRecord(services.Time.GetUtcNow(), AuditActions.Release, caller.Id, caller.Id, release.Alert.AlertId, release.AgreementIds, release.KeyIds, release.Alert.Tlp, channel),
            cancellationToken);
    }
}
