using CyberAgg.Events.Alerts;

namespace CyberAgg.Storage.Tables;

/// <summary>The latest version of an alert row: the alert with its status, and who it is assigned to.</summary>
public sealed record StoredAlert(Alert Alert, string Assignee, DateTimeOffset UpdatedAt);
