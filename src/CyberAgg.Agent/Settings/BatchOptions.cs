namespace CyberAgg.Agent.Settings;

/// <summary>When a batch is cut (section <c>batch</c>): whichever of the three limits is reached first.</summary>
internal sealed class BatchOptions
{
    public int MaxEvents { get; init; } = 5000;

    public int MaxBytes { get; init; } = 1024 * 1024;

    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(200);
}
