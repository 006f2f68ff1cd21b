using CyberAgg.Events.Alerts;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Storage.Writers;

/// <summary>Maps a newly raised <see cref="Alert"/> to a row of <c>alerts</c>, through the one mapping in <see cref="AlertsTable"/>.</summary>
public static class AlertRows
{
    public static IReadOnlyList<string> Columns => AlertsTable.Columns;

    // The first row of an alert carries its raise time as version; status changes later write newer versions.
    public static object[] ToRow(Alert a) => AlertsTable.ToRow(new StoredAlert(a, "", a.RaisedAt));
}
