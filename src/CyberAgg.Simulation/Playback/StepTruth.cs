namespace CyberAgg.Simulation.Playback;

/// <summary>
/// What was played for one step: its sightings and the moment it became detectable as cross-border (the first
/// sighting in a second country), with the wall-clock tick at which that event was handed to Kafka.
/// </summary>
public sealed class StepTruth(int index)
{
    public int Index { get; } = index;

    public List<Sighting> Sightings { get; } = [];

    /// <summary>Scenario time at which the second country saw the indicator; null if only one country did.</summary>
    public TimeSpan? DetectableAt { get; set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp at which the detectable event was sent.</summary>
    public long? DetectableSentTimestamp { get; set; }
}
