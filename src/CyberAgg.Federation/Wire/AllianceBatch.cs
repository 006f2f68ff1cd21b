using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Wire;

/// <summary>
/// A signed batch from one node: its blinded records and its watermark (nothing older than it will follow). An empty
/// batch is a heartbeat that moves the watermark. (node, incarnation, sequence) makes every batch unique for replay checks.
/// </summary>
public sealed record AllianceBatch
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("node")]
    public required string Node { get; init; }

    /// <summary>Random per publisher start, so sequences of two runs of one node never collide.</summary>
    [JsonPropertyName("inc")]
    public required string Incarnation { get; init; }

    /// <summary>Strictly increasing within an incarnation and topic.</summary>
    [JsonPropertyName("seq")]
    public required long Sequence { get; init; }

    /// <summary>Wall time of signing, Unix milliseconds.</summary>
    [JsonPropertyName("at")]
    public required long CreatedAt { get; init; }

    /// <summary>The node's event-time watermark, Unix milliseconds; <see cref="long.MinValue"/> when it has none yet.</summary>
    [JsonPropertyName("wm")]
    public required long Watermark { get; init; }

    [JsonPropertyName("records")]
    public required IReadOnlyList<BlindedRecord> Records { get; init; }
}
