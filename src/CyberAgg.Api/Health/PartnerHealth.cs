namespace CyberAgg.Api.Health;

/// <summary>A partner's health with its sensors (sensors only for the partner itself and operators: their names describe its network).</summary>
public sealed record PartnerHealth(SourceHealth Summary, IReadOnlyList<SourceHealth> Sensors);
