namespace CyberAgg.Simulation.Scenarios;

/// <summary>
/// One attack step: at <see cref="At"/> into the scenario, the partners in <see cref="SeenBy"/> each observe the
/// indicator <see cref="EventsPerPartner"/> times, spread over <see cref="Spread"/>, in that order.
/// </summary>
public sealed record ScenarioStep(
    string Name,
    TimeSpan At,
    string Technique,
    IndicatorKind Kind,
    string Indicator,
    IReadOnlyList<string> SeenBy,
    TimeSpan Spread,
    int EventsPerPartner,
    string? Sector);
