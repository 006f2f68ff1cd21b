using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Wire;

/// <summary>
/// One aggregated, blinded observation on the alliance topic: everything a node publishes about its events. It has
/// no event field value in clear; the detection rule ids say which shipped or alliance rules the events matched.
/// </summary>
public sealed record BlindedRecord
{
    /// <summary>The indicator's token under the key of the bucket's epoch.</summary>
    [JsonPropertyName("t")]
    public required string Token { get; init; }

    /// <summary>The token under the previous epoch's key, in the first window-length of an epoch; else null.</summary>
    [JsonPropertyName("tp")]
    public string? PreviousToken { get; init; }

    /// <summary>The key epoch of <see cref="Token"/>.</summary>
    [JsonPropertyName("e")]
    public required long Epoch { get; init; }

    /// <summary>What the value is: the correlation rules' group-by names, e.g. <c>source.ip</c>.</summary>
    [JsonPropertyName("k")]
    public required string Kind { get; init; }

    [JsonPropertyName("c")]
    public required string Country { get; init; }

    [JsonPropertyName("p")]
    public required string Partner { get; init; }

    /// <summary>Start of the event-time bucket, Unix milliseconds.</summary>
    [JsonPropertyName("b")]
    public required long Bucket { get; init; }

    [JsonPropertyName("tlp")]
    public required string Tlp { get; init; }

    /// <summary>The detection rules the events matched (ids), which feed the cross-border correlations.</summary>
    [JsonPropertyName("r")]
    public required IReadOnlyList<string> Rules { get; init; }

    /// <summary>How many events of the bucket this record stands for.</summary>
    [JsonPropertyName("n")]
    public required int Count { get; init; }
}
