using CyberAgg.Storage.Tables;

namespace CyberAgg.Api.Alerts;

/// <summary><c>GET /api/alerts/{id}</c>: the alert and the evidence events the caller may see, oldest first.</summary>
public sealed record AlertDetail(AlertItem Alert, IReadOnlyList<EvidenceEvent> Evidence, int EvidenceWithheld);
