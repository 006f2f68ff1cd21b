namespace CyberAgg.Simulation.Playback;

/// <summary>
/// Holds playback back while the consumer group <paramref name="GroupId"/> (the correlator) is more than
/// <paramref name="MaxBytesBehind"/> behind on the events topic, measured as records not yet committed times the mean
/// size of the records played: a Kafka with bounded retention (the embedded one keeps 5 MiB a partition) never deletes
/// what the correlator has not stored. Scenario time pauses meanwhile, so the scenario plays the same, only later.
/// </summary>
public sealed record PlaybackBackpressure(string GroupId, long MaxBytesBehind);
