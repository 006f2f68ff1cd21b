namespace CyberAgg.Simulation.Playback;

/// <summary>A partner observing a step's indicator: the ground truth an exercise is scored against.</summary>
public sealed record Sighting(int Step, string Partner, string Country, TimeSpan Offset, string EventId);
