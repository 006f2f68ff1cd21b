using System.Text.Json;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using CyberAgg.Api.Alerts;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CyberAgg.Api.Notes;

/// <summary>
/// Notes and status history of one alert. A note is an audit row (action <c>note</c>) of the sharing audit trail, so it is
/// audited by construction; both are shown to whoever may see the alert, under the same agreements.
/// </summary>
internal static class AlertActivityEndpoints
{
    public const string NoteAction = "note";
    public const int MaxNoteLength = 2000;
    private const int MaxBodyBytes = 16 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/alerts/{id}/activity", ActivityAsync).WithName("GetAlertActivity")
            .WithSummary("The alert's status history (ack, assign, close) and notes, oldest first, for whoever may see the alert.");
        api.MapPost("/alerts/{id}/notes", AddNoteAsync).WithName("AddAlertNote")
            .WithSummary("Adds a note ({\"text\": \"...\"}, up to 2000 characters) to an alert the caller may see; recorded in the audit trail.");
    }

    private static async Task<IResult> ActivityAsync(HttpContext context, string id, ApiServices services, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (stored, _, problem) = await FindAsync(id, caller, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // Assignees are analysts' names: personal data of the owners, like AlertItem.Assignee.
        var owner = SharingPolicy.CanChangeStatus(caller, stored!.Alert);
        var p = new ClickHouseParameterCollection();
        p.AddParameter("id", id);
        p.AddParameter("actions", new[] { AuditActions.Acknowledge, AuditActions.Assign, AuditActions.Close, NoteAction });
        var entries = new List<ActivityEntry>();
        using var reader = await services.Store.Client.ExecuteReaderAsync(
            "SELECT audited_at, action, actor, detail FROM " + services.Store.Database + ".sharing_audit " +
            "WHERE alert_id = {id:String} AND has({actions:Array(String)}, action) ORDER BY audited_at LIMIT 2000", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var action = reader.GetString(1);
            var detail = reader.GetString(3);
            if (action == AuditActions.Assign && !owner)
            {
                detail = "";
            }

            entries.Add(new ActivityEntry(ClickHouseValues.Time(reader.GetValue(0)), action, reader.GetString(2), detail));
        }

        return TypedResults.Ok(new AlertActivity(id, entries.Where(e => e.Action != NoteAction).ToArray(), entries.Where(e => e.Action == NoteAction).ToArray(), owner));
    }

    private static async Task<IResult> AddNoteAsync(HttpContext context, string id, ApiServices services, CancellationToken cancellationToken)
    {
        var caller = context.Principal();
        var (text, bodyProblem) = await ReadNoteAsync(context.Request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var (stored, release, problem) = await FindAsync(id, caller, services, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var entry = new ActivityEntry(services.Time.GetUtcNow(), NoteAction, caller.Id, text!);
        var record = new AuditRecord(entry.At, NoteAction, caller.Id, caller.Id, stored!.Alert.AlertId, release!.AgreementIds, release.KeyIds, stored.Alert.Tlp, AuditActions.ChannelApi, text!);
        await services.Store.Writer.InsertAsync(services.Store.Database + ".sharing_audit", AuditRecord.Columns, [record.ToRow()],
            $"note:{id}:{caller.Id}:{entry.At.ToUnixTimeMilliseconds()}", cancellationToken);
        return TypedResults.Created($"/api/alerts/{id}/activity", entry);
    }

    private static async Task<(StoredAlert?, AlertRelease?, IResult?)> FindAsync(string id, Principal caller, ApiServices services, CancellationToken cancellationToken)
    {
        if (!AlertFilter.IsAlertId(id))
        {
            return (null, null, Problems.BadRequest("id", "must be an alert id: 1 to 128 letters, digits, '_', '.', ':' or '-'."));
        }

        var stored = await services.Store.GetAsync(id, cancellationToken);
        var release = stored is null ? null : services.Policy.Release(caller, stored.Alert);
        return release is null ? (null, null, Problems.NotFound($"There is no alert '{id}' that this credential may see.")) : (stored, release, null);
    }

    private static async Task<(string? Text, IResult? Problem)> ReadNoteAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send application/json: {\"text\": \"...\"}."));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes."));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 1 || !root.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return (null, Problems.BadRequest("text", "is required and is the only field: {\"text\": \"...\"}."));
            }

            var text = value.GetString()!.Trim();
            if (text.Length is 0 or > MaxNoteLength || text.Any(c => char.IsControl(c) && c is not '\n'))
            {
                return (null, Problems.BadRequest("text", $"must be 1 to {MaxNoteLength} characters without control characters (line breaks are fine)."));
            }

            return (text, null);
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("body", "is not valid JSON."));
        }
    }
}
