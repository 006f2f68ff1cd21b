namespace CyberAgg.Events.Wire;

/// <summary>Bounds a batch reader enforces (and a writer respects) so hostile input cannot exhaust memory.</summary>
public sealed record BatchLimits
{
    public static BatchLimits Default { get; } = new();

    /// <summary>Largest accepted message (default 16 MiB; raise Kafka's message.max.bytes to match).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most events in one batch (default 1 000 000).</summary>
    public int MaxEvents { get; init; } = 1_000_000;

    /// <summary>Longest single string value in bytes (default 1 MiB).</summary>
    public int MaxStringBytes { get; init; } = 1024 * 1024;

    /// <summary>Most encoded fields in one event (default 4096).</summary>
    public int MaxFieldsPerEvent { get; init; } = 4096;
}
