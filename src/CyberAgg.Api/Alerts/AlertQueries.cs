using System.Diagnostics;
using CyberAgg.Api.Hosting;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Api.Alerts;

/// <summary>
/// The alert queries of the API: the Storage gateways fetch (scoped, with typed parameters), the policy releases
/// every row again before it leaves.
/// </summary>
internal sealed class AlertQueries(AlertsTable alerts, EventsTable eventsTable, SharingPolicy policy)
{
    public async Task<AlertPage> ListAsync(Principal caller, AlertFilter filter, CancellationToken cancellationToken)
    {
        var query = new AlertListQuery
        {
            From = filter.From,
            To = filter.To,
            Levels = filter.Level,
            Statuses = filter.Status,
            Kind = filter.Kind,
            Rule = filter.Rule,
            Country = filter.Country,
            Partner = filter.Partner,
            Text = filter.Text,
            Before = filter.Cursor is { } c ? (c.RaisedAtMs, c.AlertId) : null,
            Limit = filter.Limit,
        };
        var started = Stopwatch.GetTimestamp();
        var rows = await alerts.ListAsync(policy.ScopeFor(caller), query, cancellationToken);
        var items = new List<AlertItem>(rows.Count);
        foreach (var stored in rows)
        {
            if (policy.Release(caller, stored.Alert) is { } release)
            {
                items.Add(AlertItem.From(release, stored, caller));
            }
        }

        Record("list", started);
        var next = rows.Count == filter.Limit && rows.Count > 0
            ? new AlertCursor(rows[^1].Alert.RaisedAt.ToUnixTimeMilliseconds(), rows[^1].Alert.AlertId).Encode()
            : null;
        return new AlertPage(items, next);
    }

    public async Task<IReadOnlyList<EvidenceEvent>> EvidenceAsync(Principal caller, Alert alert, CancellationToken cancellationToken)
    {
        if (alert.EvidenceEventIds.Count == 0)
        {
            return [];
        }

        var started = Stopwatch.GetTimestamp();
        var events = new List<EvidenceEvent>();
        // By owner and id: an alert's evidence is its own partners' events, and a colliding id of someone else's is never one of them.
        foreach (var e in await eventsTable.EvidenceAsync(alert.Partners, alert.EvidenceEventIds, cancellationToken))
        {
            if (policy.ReleaseEvent(caller, alert.Kind, e) is { } visible)
            {
                events.Add(visible);
            }
        }

        Record("evidence", started);
        return events;
    }

    private static void Record(string query, long started) =>
        ApiInstrumentation.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(ApiInstrumentation.Tags.Query, query));
}
