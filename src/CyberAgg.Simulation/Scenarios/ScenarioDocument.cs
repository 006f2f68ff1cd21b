namespace CyberAgg.Simulation.Scenarios;

// The YAML shape of a scenario file, before validation; see docs/scenarios.md.
#pragma warning disable CA1812, CA2227, CA1002 // Instantiated and filled by the YAML deserialiser.
internal sealed class ScenarioDocument
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Duration { get; set; }

    public double? Speed { get; set; }

    public int? Seed { get; set; }

    public List<PartnerDocument>? Partners { get; set; }

    public List<StepDocument>? Steps { get; set; }
}

internal sealed class PartnerDocument
{
    public string? Id { get; set; }

    public string? Country { get; set; }

    public string? Sector { get; set; }

    public double? NoisePerMinute { get; set; }
}

internal sealed class StepDocument
{
    public string? Name { get; set; }

    public string? At { get; set; }

    public string? Technique { get; set; }

    public Dictionary<string, string>? Indicator { get; set; }

    public List<string>? SeenBy { get; set; }

    public string? Spread { get; set; }

    public int? EventsPerPartner { get; set; }

    public string? Sector { get; set; }
}
#pragma warning restore CA1812, CA2227, CA1002
