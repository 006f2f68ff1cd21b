using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using CyberAgg.Events.Alerts;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Storage.Tables;

/// <summary>
/// The one gateway to <c>alerts</c>: its columns, the mapping of a row to a <see cref="StoredAlert"/> and back, and
/// every read, scoped by an <see cref="AlertScope"/>. A status change is a newer version of the row
/// (ReplacingMergeTree keeps the latest); reads use FINAL.
/// </summary>
public sealed class AlertsTable(ClickHouseClient client, ClickHouseWriter writer, string database)
{
    /// <summary>Every column, in the order of <see cref="ToRow"/> and <see cref="Read"/>.</summary>
    public static readonly string[] Columns =
    [
        "alert_id", "rule_id", "rule_title", "level", "kind", "raised_at", "first_seen", "last_seen", "group_key",
        "group_fields", "countries", "partners", "event_count", "evidence_event_ids", "tlp", "status", "assignee", "updated_at",
    ];

    private static readonly string Select = string.Join(", ", Columns);

    public string Table => $"{database}.alerts";

    public static object[] ToRow(StoredAlert s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var a = s.Alert;
        return
        [
            a.AlertId, a.RuleId, a.RuleTitle, a.Level, a.Kind, a.RaisedAt.UtcDateTime, a.FirstSeen.UtcDateTime, a.LastSeen.UtcDateTime,
            a.GroupKey, new Dictionary<string, string>(a.GroupFields), a.Countries.ToArray(), a.Partners.ToArray(), (ulong)a.EventCount,
            a.EvidenceEventIds.ToArray(), a.Tlp, a.Status, s.Assignee, s.UpdatedAt.UtcDateTime,
        ];
    }

    /// <summary>A row read with the columns in <see cref="Columns"/> order.</summary>
    public static StoredAlert Read(DbDataReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var alert = new Alert
        {
            AlertId = r.GetString(0),
            RuleId = r.GetString(1),
            RuleTitle = r.GetString(2),
            Level = r.GetString(3),
            Kind = r.GetString(4),
            RaisedAt = ClickHouseValues.Time(r.GetValue(5)),
            FirstSeen = ClickHouseValues.Time(r.GetValue(6)),
            LastSeen = ClickHouseValues.Time(r.GetValue(7)),
            GroupKey = r.GetString(8),
            GroupFields = Map(r.GetValue(9)),
            Countries = ClickHouseValues.Strings(r.GetValue(10)),
            Partners = ClickHouseValues.Strings(r.GetValue(11)),
            EventCount = Convert.ToInt64(r.GetValue(12), CultureInfo.InvariantCulture),
            EvidenceEventIds = ClickHouseValues.Strings(r.GetValue(13)),
            Tlp = r.GetString(14),
            Status = r.GetString(15),
        };
        return new StoredAlert(alert, r.GetString(16), ClickHouseValues.Time(r.GetValue(17)));
    }

    /// <summary>The latest version of one alert, unscoped: the caller releases it (or answers 404) through the policy.</summary>
    public async Task<StoredAlert?> GetAsync(string alertId, CancellationToken cancellationToken)
    {
        var parameters = new ClickHouseParameterCollection();
        parameters.AddParameter("id", alertId);
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT {Select} FROM {Table} FINAL WHERE alert_id = {{id:String}} LIMIT 1", parameters, null, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Writes versions of alerts; the same <paramref name="deduplicationToken"/> stores them once.</summary>
    public Task<long> InsertAsync(IReadOnlyList<StoredAlert> versions, string deduplicationToken, CancellationToken cancellationToken) =>
        writer.InsertAsync(Table, Columns, versions.Select(ToRow).ToList(), deduplicationToken, cancellationToken);

    /// <summary>
    /// The alerts <paramref name="scope"/> may see that match <paramref name="query"/>, newest first. The scope is SQL that
    /// mirrors SharingPolicy.Release exactly, so pages come out full; the caller still releases every row.
    /// </summary>
    public async Task<IReadOnlyList<StoredAlert>> ListAsync(AlertScope scope, AlertListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {Select} FROM {Table} FINAL WHERE 1 = 1");
        var p = new ClickHouseParameterCollection();
        sql.Append(ScopeCondition(scope, p));
        if (query.From is { } from)
        {
            sql.Append(" AND raised_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')");
            p.AddParameter("from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            sql.Append(" AND raised_at < fromUnixTimestamp64Milli({to:Int64}, 'UTC')");
            p.AddParameter("to", to.ToUnixTimeMilliseconds());
        }

        if (query.Levels.Count > 0)
        {
            sql.Append(" AND has({levels:Array(String)}, level)");
            p.AddParameter("levels", query.Levels.ToArray());
        }

        if (query.Statuses.Count > 0)
        {
            sql.Append(" AND has({statuses:Array(String)}, status)");
            p.AddParameter("statuses", query.Statuses.ToArray());
        }

        AddEquals(sql, p, "kind", "kind", query.Kind);
        AddEquals(sql, p, "rule_id", "rule", query.Rule);
        if (query.Country is not null)
        {
            sql.Append(" AND has(countries, {country:String})");
            p.AddParameter("country", query.Country);
        }

        if (query.Partner is not null)
        {
            sql.Append(" AND has(partners, {partner:String})");
            p.AddParameter("partner", query.Partner);
        }

        if (query.Text is not null)
        {
            // The indicator is searched only where the caller sees it in clear; otherwise a search would confirm a pseudonymised value.
            sql.Append(" AND (positionCaseInsensitiveUTF8(rule_title, {q:String}) > 0 OR positionCaseInsensitiveUTF8(rule_id, {q:String}) > 0")
                .Append(" OR (({all:UInt8} = 1 OR hasAll({me_only:Array(String)}, partners) OR (kind = 'cross-border' AND {xb_clear:UInt8} = 1))")
                .Append(" AND positionCaseInsensitiveUTF8(group_key, {q:String}) > 0))");
            p.AddParameter("q", query.Text);
        }

        if (query.Before is { } before)
        {
            sql.Append(" AND (raised_at, alert_id) < (fromUnixTimestamp64Milli({c_ts:Int64}, 'UTC'), {c_id:String})");
            p.AddParameter("c_ts", before.RaisedAtMs);
            p.AddParameter("c_id", before.AlertId);
        }

        // Every version of an alert has its raised_at, so one partition: FINAL need not merge across partitions.
        sql.Append(" ORDER BY raised_at DESC, alert_id DESC LIMIT {limit:UInt32} SETTINGS do_not_merge_across_partitions_select_final = 1");
        p.AddParameter("limit", query.Limit);
        var rows = new List<StoredAlert>(query.Limit);
        using var reader = await client.ExecuteReaderAsync(sql.ToString(), p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>
    /// One clause per (kind, TLP) that some agreement shares: every partner of the alert must be the caller or an owner
    /// released under that combination. <c>hasAll</c> against constant arrays keeps it vectorised; a per-row lambda was
    /// the slowest part of the query.
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

    private static Dictionary<string, string> Map(object value)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is IDictionary d)
        {
            foreach (DictionaryEntry e in d)
            {
                map[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? ""] = Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? "";
            }
        }

        return map;
    }
}
