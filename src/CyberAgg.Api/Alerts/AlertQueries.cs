using System.Diagnostics;
using System.Text;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using CyberAgg.Api.Hosting;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Store;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Api.Alerts;

/// <summary>
/// The alert queries, built from fixed SQL with every user value bound as a typed ClickHouse parameter
/// (<c>{name:Type}</c>); only the validated database name is spliced in.
/// </summary>
internal sealed class AlertQueries(ClickHouseClient client, string database, SharingPolicy policy)
{
    private readonly EventsTable eventsTable = new(client, database);

    public async Task<AlertPage> ListAsync(Principal caller, AlertFilter filter, CancellationToken cancellationToken)
    {
        var scope = policy.ScopeFor(caller);
        var sql = new StringBuilder($"SELECT {AlertColumns.Select} FROM {database}.alerts FINAL WHERE 1 = 1");
        var p = new ClickHouseParameterCollection();
        sql.Append(ScopeCondition(scope, p));
        if (filter.From is { } from)
        {
            sql.Append(" AND raised_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')");
            p.AddParameter("from", from.ToUnixTimeMilliseconds());
        }

        if (filter.To is { } to)
        {
            sql.Append(" AND raised_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')");
            p.AddParameter("to", to.ToUnixTimeMilliseconds());
        }

        if (filter.Level.Count > 0)
        {
            sql.Append(" AND has({levels:Array(String)}, level)");
            p.AddParameter("levels", filter.Level.ToArray());
        }

        if (filter.Status.Count > 0)
        {
            sql.Append(" AND has({statuses:Array(String)}, status)");
            p.AddParameter("statuses", filter.Status.ToArray());
        }

        AddEquals(sql, p, "kind", "kind", filter.Kind);
        AddEquals(sql, p, "rule_id", "rule", filter.Rule);
        if (filter.Country is not null)
        {
            sql.Append(" AND has(countries, {country:String})");
            p.AddParameter("country", filter.Country);
        }

        if (filter.Partner is not null)
        {
            sql.Append(" AND has(partners, {partner:String})");
            p.AddParameter("partner", filter.Partner);
        }

        if (filter.Text is not null)
        {
            // The indicator is searched only where the caller sees it in clear; otherwise a search would confirm a pseudonymised value.
            sql.Append(" AND (positionCaseInsensitiveUTF8(rule_title, {q:String}) > 0 OR positionCaseInsensitiveUTF8(rule_id, {q:String}) > 0")
                .Append(" OR (({all:UInt8} = 1 OR hasAll({me_only:Array(String)}, partners) OR (kind = 'cross-border' AND {xb_clear:UInt8} = 1))")
                .Append(" AND positionCaseInsensitiveUTF8(group_key, {q:String}) > 0))");
            p.AddParameter("q", filter.Text);
        }

        if (filter.Cursor is { } cursor)
        {
            sql.Append(" AND (raised_at, alert_id) < (fromUnixTimestamp64Milli({c_ts:Int64}, 'UTC'), {c_id:String})");
            p.AddParameter("c_ts", cursor.RaisedAtMs);
            p.AddParameter("c_id", cursor.AlertId);
        }

        // Every version of an alert has its raised_at, so one partition: FINAL need not merge across partitions.
        sql.Append(" ORDER BY raised_at DESC, alert_id DESC LIMIT {limit:UInt32} SETTINGS do_not_merge_across_partitions_select_final = 1");
        p.AddParameter("limit", filter.Limit);

        var started = Stopwatch.GetTimestamp();
        var items = new List<AlertItem>(filter.Limit);
        StoredAlert? last = null;
        var rows = 0;
        using (var reader = await client.ExecuteReaderAsync(sql.ToString(), p, null, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var stored = AlertColumns.Read(reader);
                last = stored;
                rows++;
                if (policy.Release(caller, stored.Alert) is { } release)
                {
                    items.Add(AlertItem.From(release, stored, caller));
                }
            }
        }

        Record("list", started);
        var next = rows == filter.Limit && last is not null
            ? new AlertCursor(last.Alert.RaisedAt.ToUnixTimeMilliseconds(), last.Alert.AlertId).Encode()
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

    /// <summary>
    /// The caller's scope as SQL that mirrors <see cref="SharingPolicy.Release"/> exactly, so pages come out full (Release
    /// still re-checks every row). One clause per (kind, TLP) that some agreement shares: every partner of the alert
    /// must be the caller or an owner released under that combination. <c>hasAll</c> against constant arrays keeps it
    /// vectorised; a per-row lambda was the slowest part of the query.
    /// </summary>
    private static string ScopeCondition(AlertScope scope, ClickHouseParameterCollection p)
    {
        p.AddParameter("all", scope.All ? 1 : 0);
        p.AddParameter("me_only", new[] { scope.Me });
        p.AddParameter("xb_clear", scope.CrossBorderIndicatorsClear ? 1 : 0);
        if (scope.All)
        {
            return "";
        }

        var anyOwner = scope.AllowedAnyOwner.ToHashSet(StringComparer.Ordinal);
        var owners = scope.Allowed.Select(a => a.Split('|')).GroupBy(a => a[1] + "|" + a[2], a => a[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Append(scope.Me).ToArray(), StringComparer.Ordinal);
        var clauses = new List<string> { "hasAll({me_only:Array(String)}, partners)" };
        var i = 0;
        foreach (var combo in anyOwner.Concat(owners.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var parts = combo.Split('|');
            p.AddParameter($"k{i}", parts[0]);
            p.AddParameter($"t{i}", parts[1]);
            if (anyOwner.Contains(combo))
            {
                clauses.Add($"(kind = {{k{i}:String}} AND tlp = {{t{i}:String}})");
            }
            else
            {
                p.AddParameter($"o{i}", owners[combo]);
                clauses.Add($"(kind = {{k{i}:String}} AND tlp = {{t{i}:String}} AND hasAll({{o{i}:Array(String)}}, partners))");
            }

            i++;
        }

        return " AND notEmpty(partners) AND (" + string.Join(" OR ", clauses) + ")";
    }

    private static void AddEquals(StringBuilder sql, ClickHouseParameterCollection p, string column, string name, string? value)
    {
        if (value is not null)
        {
            sql.Append($" AND {column} = {{{name}:String}}");
            p.AddParameter(name, value);
        }
    }

    private static void Record(string query, long started) =>
        ApiInstrumentation.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(ApiInstrumentation.Tags.Query, query));
}
