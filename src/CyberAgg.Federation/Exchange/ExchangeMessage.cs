using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Exchange;

/// <summary>
/// A clear-value exchange message between two member nodes, signed by its sender like alliance batches (over topic and
/// value). A request names the token and carries the requester's one-time ECDH P-256 public key; an answer carries
/// the decision and, when released, the value sealed to that key (never the value in clear).
/// </summary>
public sealed record ExchangeMessage
{
    public const string RequestType = "request";
    public const string AnswerType = "answer";

    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    /// <summary><see cref="RequestType"/> or <see cref="AnswerType"/>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The request id (32 hex digits), random per request; the answer repeats it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The signing node.</summary>
    [JsonPropertyName("from")]
    public required string From { get; init; }

    /// <summary>The addressed node; a message addressed to another node is rejected.</summary>
    [JsonPropertyName("to")]
    public required string To { get; init; }

    /// <summary>The token whose clear value is asked for.</summary>
    [JsonPropertyName("t")]
    public required string Token { get; init; }

    /// <summary>Wall time of signing, Unix milliseconds.</summary>
    [JsonPropertyName("at")]
    public required long At { get; init; }

    /// <summary>Request: the analyst (API principal) who asked, so the owner's audit names a person, not only a node.</summary>
    [JsonPropertyName("by")]
    public string? Analyst { get; init; }

    /// <summary>Request: the requester's alert that showed the token, for both audits.</summary>
    [JsonPropertyName("alert")]
    public string? AlertId { get; init; }

    /// <summary>The sender's one-time ECDH P-256 public key (SubjectPublicKeyInfo, base64).</summary>
    [JsonPropertyName("epk")]
    public required string EphemeralKey { get; init; }

    /// <summary>Answer: <c>released</c> or <c>refused</c>.</summary>
    [JsonPropertyName("decision")]
    public string? Decision { get; init; }

    /// <summary>Answer: why (an <see cref="ExchangeReasons"/> value).</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Answer: the owner's agreement that allowed the release.</summary>
    [JsonPropertyName("agreement")]
    public string? Agreement { get; init; }

    /// <summary>Answer: the strictest TLP the owner saw the value under (it binds the requester too).</summary>
    [JsonPropertyName("tlp")]
    public string? Tlp { get; init; }

    /// <summary>Answer: the indicator kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>Answer, released: the AES-256-GCM nonce (base64).</summary>
    [JsonPropertyName("nonce")]
    public string? Nonce { get; init; }

    /// <summary>Answer, released: the sealed value, ciphertext and tag (base64).</summary>
    [JsonPropertyName("sealed")]
    public string? Sealed { get; init; }
}
