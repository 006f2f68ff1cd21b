namespace CyberAgg.Api.Alerts;

/// <summary>The optional body of <c>POST /api/alerts/{id}/ack|assign|close</c>.</summary>
public sealed record StatusRequest(string? Assignee, string? Note);
