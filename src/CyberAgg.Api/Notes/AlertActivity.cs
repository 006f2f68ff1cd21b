namespace CyberAgg.Api.Notes;

/// <summary><c>GET /api/alerts/{id}/activity</c>: status history and notes, oldest first; <see cref="CanChangeStatus"/> says whether the caller may ack/assign/close.</summary>
public sealed record AlertActivity(string AlertId, IReadOnlyList<ActivityEntry> History, IReadOnlyList<ActivityEntry> Notes, bool CanChangeStatus);
