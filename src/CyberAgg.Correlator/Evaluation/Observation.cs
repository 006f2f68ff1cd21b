using System.Text.Json.Serialization;

namespace CyberAgg.Correlator.Evaluation;

/// <summary>
/// One event's contribution to correlations, re-keyed by indicator onto <c>cyberagg.indicators.v1</c> so that every
/// observation of an indicator meets in the one correlator instance that owns its partition.
/// </summary>
public sealed record Observation
{
    /// <summary>The correlation group key (the indicator); also the Kafka message key.</summary>
    [JsonPropertyName("k")]
    public required string Key { get; init; }

    [JsonPropertyName("id")]
    public required string EventId { get; init; }

    /// <summary>Event time, Unix milliseconds.</summary>
    [JsonPropertyName("ts")]
    public required long Timestamp { get; init; }

    [JsonPropertyName("tlp")]
    public required string Tlp { get; init; }

    /// <summary>The detection rules the event matched that feed the correlations grouped by this key.</summary>
    [JsonPropertyName("rules")]
    public required IReadOnlyList<string> Rules { get; init; }

    /// <summary>The event's fields (dotted ECS names and attributes), as the rules read them.</summary>
    [JsonPropertyName("f")]
    public required IReadOnlyDictionary<string, string> Fields { get; init; }
}
