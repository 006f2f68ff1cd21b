using CyberAgg.Events.Alerts;

namespace CyberAgg.Storage.Writers;

/// <summary>Maps an <see cref="Alert"/> to a row of <c>cyberagg.alerts</c>.</summary>
public static class AlertRows
{
    public static readonly string[] Columns =
    [
        "alert_id", "rule_id", "rule_title", "level", "kind", "raised_at", "first_seen", "last_seen", "group_key",
        "group_fields", "countries", "partners", "event_count", "evidence_event_ids", "tlp", "status", "updated_at",
    ];

    public static object[] ToRow(Alert a) =>
    [
        a.AlertId, a.RuleId, a.RuleTitle, a.Level, a.Kind, a.RaisedAt.UtcDateTime, a.FirstSeen.UtcDateTime, a.LastSeen.UtcDateTime,
        a.GroupKey, new Dictionary<string, string>(a.GroupFields), a.Countries.ToArray(), a.Partners.ToArray(), (ulong)a.EventCount,
        a.EvidenceEventIds.ToArray(), a.Tlp, a.Status,
        // The first row of an alert carries its raise time as version; status changes later write newer versions.
        a.RaisedAt.UtcDateTime,
    ];
}
