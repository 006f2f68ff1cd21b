using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>Who this agent is (stamped on every event) and how big a record may be.</summary>
internal sealed record NormalizerOptions
{
    public required string Partner { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public required string Country { get; init; }

    /// <summary>This agent's <c>observer.name</c>.</summary>
    public required string Sensor { get; init; }

    /// <summary>Largest record accepted (default 256 KiB); larger ones are dead-lettered as <c>too_large</c>.</summary>
    public int MaxRecordBytes { get; init; } = 256 * 1024;

    /// <summary>How much of a refused record's bytes travel with its dead letter.</summary>
    public int MaxDeadLetterBytes { get; init; } = DeadLetterPayload.DefaultMaxBytes;

    /// <summary>JSON nesting limit for JSON-lines input.</summary>
    public int MaxJsonDepth { get; init; } = 32;
}
