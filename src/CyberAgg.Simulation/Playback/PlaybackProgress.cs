namespace CyberAgg.Simulation.Playback;

/// <summary>A snapshot of playback for progress lines; <paramref name="HeldBack"/> counts waits for a lagging correlator.</summary>
public readonly record struct PlaybackProgress(TimeSpan ScenarioTime, TimeSpan Duration, long EventsSent, int StepsPlayed, long HeldBack = 0);
