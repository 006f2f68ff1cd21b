namespace CyberAgg.Simulation.Playback;

/// <summary>A snapshot of playback for progress lines.</summary>
public readonly record struct PlaybackProgress(TimeSpan ScenarioTime, TimeSpan Duration, long EventsSent, int StepsPlayed);
