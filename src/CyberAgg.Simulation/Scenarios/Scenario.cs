namespace CyberAgg.Simulation.Scenarios;

/// <summary>A joint crisis exercise: who takes part, their background noise, and the timed attack steps.</summary>
public sealed record Scenario(
    string Name,
    string Description,
    TimeSpan Duration,
    double Speed,
    IReadOnlyList<ScenarioPartner> Partners,
    IReadOnlyList<ScenarioStep> Steps,
    int Seed)
{
    /// <summary>The partner with this id; steps are validated to name only known partners.</summary>
    public ScenarioPartner Partner(string id) => Partners.First(p => p.Id == id);
}
