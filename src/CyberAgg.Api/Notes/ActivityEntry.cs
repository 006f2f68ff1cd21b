namespace CyberAgg.Api.Notes;

/// <summary>One status change or note of an alert: when, what, who (a partner or operator id) and its text.</summary>
public sealed record ActivityEntry(DateTimeOffset At, string Action, string Actor, string Detail);
