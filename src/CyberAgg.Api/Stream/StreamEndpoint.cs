using System.Globalization;
using System.Text;
using System.Text.Json;
using CyberAgg.Api.Alerts;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Hosting;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Api.Stream;

/// <summary><c>GET /api/alerts/stream</c>: Server-Sent Events of the alerts the caller may see, resumable with <c>Last-Event-ID</c>.</summary>
internal static class StreamEndpoint
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/alerts/stream", StreamAsync).WithName("StreamAlerts")
            .WithSummary("Server-Sent Events (event: alert) of new alerts and status changes the caller may see; send Last-Event-ID to resume.");

    private static async Task StreamAsync(HttpContext context, ApiServices services, ILogger<AlertFeed> logger)
    {
        var caller = context.Principal();
        var query = context.Request.Query;
        foreach (var key in query.Keys.Where(k => k is not ("level" or "country" or "partner" or "kind" or "last_event_id")))
        {
            await WriteProblemAsync(context, key, "is not a stream filter; use level, country, partner, kind.");
            return;
        }

        if (!AlertFilter.TryParse(new QueryCollection(query.Where(q => q.Key != "last_event_id").ToDictionary()), services.Options.MaxPageSize, out var filter, out var error))
        {
            await WriteProblemAsync(context, error.Parameter, error.Message);
            return;
        }

        var lastEventId = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? query["last_event_id"].FirstOrDefault();
        long? after = null;
        var reset = false;
        if (!string.IsNullOrEmpty(lastEventId))
        {
            var dash = lastEventId.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && lastEventId[..dash] == services.Feed.Epoch
                && long.TryParse(lastEventId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                after = seq;
            }
            else
            {
                reset = true;
            }
        }

        var credential = context.Items[CredentialAuthenticationHandler.CredentialItem] as string ?? caller.Id;
        if (!services.Streams.TryAcquire(credential))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "5";
            await Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many streams",
                $"This token already holds {services.Options.MaxStreamsPerToken} open streams (api.max_streams_per_token); close one first.");
            return;
        }

        try
        {
            await StreamAcquiredAsync(context, services, logger, caller, filter, after, reset);
        }
        finally
        {
            services.Streams.Release(credential);
        }
    }

    private static async Task StreamAcquiredAsync(HttpContext context, ApiServices services, ILogger<AlertFeed> logger, Principal caller, AlertFilter filter, long? after, bool reset)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var cancellationToken = context.RequestAborted;
        var subscription = services.Feed.Subscribe(after, out var missed);
        ApiInstrumentation.StreamClients.Add(1);
        try
        {
            await response.WriteAsync("retry: 2000\n\n", cancellationToken);
            if (reset || (after is not null && missed is null))
            {
                // The id is from an earlier run or no longer buffered: the client reloads the list, then follows live.
                await response.WriteAsync("event: reset\ndata: {}\n\n", cancellationToken);
            }

            foreach (var entry in missed ?? [])
            {
                await WriteAsync(context, services, caller, filter, entry, cancellationToken);
            }

            await response.Body.FlushAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                beat.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(beat.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!more)
                {
                    if (subscription.Overflowed)
                    {
                        Log.SlowClient(logger, caller.Id, 1000);
                        await response.WriteAsync("event: overflow\ndata: {}\n\n", cancellationToken);
                    }

                    break;
                }

                while (subscription.Reader.TryRead(out var entry))
                {
                    await WriteAsync(context, services, caller, filter, entry, cancellationToken);
                }

                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            services.Feed.Unsubscribe(subscription);
            ApiInstrumentation.StreamClients.Add(-1);
        }
    }

    private static async Task WriteAsync(HttpContext context, ApiServices services, Principal caller, AlertFilter filter, FeedEntry entry, CancellationToken cancellationToken)
    {
        if (services.Policy.Release(caller, entry.Alert.Alert) is not { } release || !Matches(filter, release.Alert))
        {
            return;
        }

        var item = AlertItem.From(release, entry.Alert, caller);
        var json = JsonSerializer.Serialize(item, ApiJson.Options);
        var text = new StringBuilder().Append("id: ").Append(services.Feed.Epoch).Append('-').Append(entry.Sequence.ToString(CultureInfo.InvariantCulture))
            .Append("\nevent: alert\ndata: ").Append(json).Append("\n\n").ToString();
        await context.Response.WriteAsync(text, cancellationToken);
        ApiInstrumentation.StreamSent.Add(1);
        SharingInstrumentationTags.Release(AuditActions.ChannelSse);
        await services.Audit.EnqueueAsync(
            new AuditRecord(services.Time.GetUtcNow(), AuditActions.Release, caller.Id, caller.Id, release.Alert.AlertId, release.AgreementIds, release.KeyIds, release.Alert.Tlp, AuditActions.ChannelSse),
            cancellationToken);
    }

    private static bool Matches(AlertFilter filter, Events.Alerts.Alert alert) =>
        (filter.Level.Count == 0 || filter.Level.Contains(alert.Level, StringComparer.Ordinal))
        && (filter.Country is null || alert.Countries.Contains(filter.Country, StringComparer.Ordinal))
        && (filter.Partner is null || alert.Partners.Contains(filter.Partner, StringComparer.Ordinal))
        && (filter.Kind is null || alert.Kind == filter.Kind);

    private static async Task WriteProblemAsync(HttpContext context, string parameter, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid request", $"{parameter}: {message}");
    }
}
