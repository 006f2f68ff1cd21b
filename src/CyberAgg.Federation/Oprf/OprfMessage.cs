using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Oprf;

/// <summary>
/// An OPRF evaluation request (node → key service) or answer (key service → node), signed by its sender like alliance
/// batches (over topic and value), on the addressee's own topic (<see cref="FederationOptions.OprfTopic"/> for requests, <see cref="FederationOptions.OprfAnswerTopic"/> for answers). Points
/// are blinded x-coordinates (32 bytes, base64): a request carries no value, hash of a value or token.
/// </summary>
public sealed record OprfMessage
{
    public const string RequestType = "evaluate";
    public const string AnswerType = "evaluated";

    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    /// <summary><see cref="RequestType"/> or <see cref="AnswerType"/>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The request id (32 hex digits), random per request; the answer repeats it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("from")]
    public required string From { get; init; }

    [JsonPropertyName("to")]
    public required string To { get; init; }

    /// <summary>The key epoch whose share is applied.</summary>
    [JsonPropertyName("epoch")]
    public required long Epoch { get; init; }

    /// <summary>Wall time of signing, Unix milliseconds.</summary>
    [JsonPropertyName("at")]
    public required long At { get; init; }

    /// <summary>Blinded points (request) or the same points times the service's share (answer), in order.</summary>
    [JsonPropertyName("points")]
    public List<string> Points { get; init; } = [];

    /// <summary>Answer: why the service refused (then no points), e.g. <c>rate_limited</c>.</summary>
    [JsonPropertyName("refused")]
    public string? Refused { get; init; }
}
