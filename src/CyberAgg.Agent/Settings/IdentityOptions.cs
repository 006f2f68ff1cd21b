namespace CyberAgg.Agent.Settings;

/// <summary>Who this agent observes for (section <c>agent</c>): stamped on every event as <c>observer.*</c>.</summary>
internal sealed class IdentityOptions
{
    /// <summary><c>observer.partner</c>, e.g. <c>ee-cert</c>.</summary>
    public required string Partner { get; init; }

    /// <summary><c>observer.country</c>, ISO 3166-1 alpha-2, upper case.</summary>
    public required string Country { get; init; }

    /// <summary><c>observer.name</c>: the sensor; also the Kafka partition key.</summary>
    public required string Name { get; init; }

    /// <summary>Where checkpoints live (file offsets confirmed by Kafka).</summary>
    public required string DataDir { get; init; }

    /// <summary>Largest record accepted; larger ones are dead-lettered as <c>too_large</c>.</summary>
    public int MaxRecordBytes { get; init; } = 256 * 1024;
}
