namespace CyberAgg.Agent.Settings;

/// <summary>When a batch is cut (section <c>batch</c>): whichever of the three limits is reached first.</summary>
internal sealed class BatchOptions
{
    public int MaxEvents { get; init; } = 5000;

    /// <summary>Kept under the 85 KB large-object threshold by default: larger payloads churn the large-object heap and force gen2 GCs.</summary>
    public int MaxBytes { get; init; } = DefaultMaxBytes;

    public const int DefaultMaxBytes = 64_000;

    public TimeSpan Linger { get; init; } = TimeSpan.FromMilliseconds(200);
}
