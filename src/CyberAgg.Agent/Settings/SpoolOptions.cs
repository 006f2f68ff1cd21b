namespace CyberAgg.Agent.Settings;

/// <summary>The on-disk spool (section <c>spool</c>) that holds batches while Kafka is unreachable or slow.</summary>
internal sealed class SpoolOptions
{
    public required string Dir { get; init; }

    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    public SpoolFullPolicy WhenFull { get; init; } = SpoolFullPolicy.Block;
}
