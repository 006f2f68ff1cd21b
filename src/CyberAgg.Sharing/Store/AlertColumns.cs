using System.Collections;
using System.Data.Common;
using System.Globalization;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Sharing.Store;

/// <summary>The columns of <c>cyberagg.alerts</c> that make a <see cref="StoredAlert"/>, and the mapping from a reader row.</summary>
public static class AlertColumns
{
    public const string Select =
        "alert_id, rule_id, rule_title, level, kind, raised_at, first_seen, last_seen, group_key, group_fields, countries, " +
        "partners, event_count, evidence_event_ids, tlp, status, assignee, updated_at";

    /// <summary>The columns a status change writes: the alert's own, plus who it is assigned to.</summary>
    public static readonly string[] Insert =
    [
        "alert_id", "rule_id", "rule_title", "level", "kind", "raised_at", "first_seen", "last_seen", "group_key",
        "group_fields", "countries", "partners", "event_count", "evidence_event_ids", "tlp", "status", "assignee", "updated_at",
    ];

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
            RaisedAt = Time(r.GetValue(5)),
            FirstSeen = Time(r.GetValue(6)),
            LastSeen = Time(r.GetValue(7)),
            GroupKey = r.GetString(8),
            GroupFields = Map(r.GetValue(9)),
            Countries = Strings(r.GetValue(10)),
            Partners = Strings(r.GetValue(11)),
            EventCount = Convert.ToInt64(r.GetValue(12), CultureInfo.InvariantCulture),
            EvidenceEventIds = Strings(r.GetValue(13)),
            Tlp = r.GetString(14),
            Status = r.GetString(15),
        };
        return new StoredAlert(alert, r.GetString(16), Time(r.GetValue(17)));
    }

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

    /// <summary>The driver returns DateTime64 as a UTC <see cref="DateTime"/> (or an offset, depending on settings).</summary>
    public static DateTimeOffset Time(object value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"Expected a timestamp, got {value.GetType().Name}."),
    };

    public static string[] Strings(object value) => value switch
    {
        string[] s => s,
        IEnumerable e => e.Cast<object?>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "").ToArray(),
        _ => [],
    };

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
