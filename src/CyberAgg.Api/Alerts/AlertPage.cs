namespace CyberAgg.Api.Alerts;

/// <summary>A page of <c>GET /api/alerts</c>; pass <see cref="NextCursor"/> as <c>cursor</c> for the next one.</summary>
public sealed record AlertPage(IReadOnlyList<AlertItem> Items, string? NextCursor);
