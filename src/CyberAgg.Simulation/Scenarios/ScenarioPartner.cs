namespace CyberAgg.Simulation.Scenarios;

/// <summary>One participating CERT/SOC: id, country, sector and background event rate (per scenario minute).</summary>
public sealed record ScenarioPartner(string Id, string Country, string Sector, double NoisePerMinute);
