namespace CyberAgg.Sharing.Store;

/// <summary>An analyst's change to an alert: acknowledge, assign (to <see cref="Assignee"/>) or close.</summary>
public sealed record AlertStatusChange(string Action, string? Assignee, string? Note)
{
    public const string Acknowledged = "acknowledged";
    public const string Assigned = "assigned";
    public const string Closed = "closed";

    /// <summary>The status an action leads to.</summary>
    public string TargetStatus => Action switch
    {
        Audit.AuditActions.Acknowledge => Acknowledged,
        Audit.AuditActions.Assign => Assigned,
        Audit.AuditActions.Close => Closed,
        _ => throw new InvalidOperationException($"Unknown status action '{Action}'."),
    };
}
