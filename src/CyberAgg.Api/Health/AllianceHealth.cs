namespace CyberAgg.Api.Health;

/// <summary><c>GET /api/health/partners</c>: every partner whose rates the caller may see, quietest first.</summary>
public sealed record AllianceHealth(DateTimeOffset At, int WindowMinutes, int BaselineHours, IReadOnlyList<PartnerHealth> Partners);
