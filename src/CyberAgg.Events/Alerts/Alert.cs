using System.Text.Json.Serialization;

namespace CyberAgg.Events.Alerts;

/// <summary>
/// An alert as it is stored, published on <c>cyberagg.alerts.v1</c> and shared: the rule that fired, the indicator
/// it grouped by, who saw it where and when, the evidence, and the TLP of the strictest evidence.
/// </summary>
public sealed record Alert
{
    /// <summary>Deterministic: a replayed window yields the same id, so stores and consumers deduplicate.</summary>
    [JsonPropertyName("alert_id")]
    public required string AlertId { get; init; }

    [JsonPropertyName("rule_id")]
    public required string RuleId { get; init; }

    [JsonPropertyName("rule_title")]
    public required string RuleTitle { get; init; }

    /// <summary>Sigma level: informational, low, medium, high, critical.</summary>
    [JsonPropertyName("level")]
    public required string Level { get; init; }

    /// <summary><see cref="AlertKinds"/>: detection, correlation or cross-border.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("raised_at")]
    public required DateTimeOffset RaisedAt { get; init; }

    [JsonPropertyName("first_seen")]
    public required DateTimeOffset FirstSeen { get; init; }

    [JsonPropertyName("last_seen")]
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>The indicator value(s) the rule grouped by, e.g. <c>203.0.113.7</c>.</summary>
    [JsonPropertyName("group_key")]
    public required string GroupKey { get; init; }

    [JsonPropertyName("group_fields")]
    public required IReadOnlyDictionary<string, string> GroupFields { get; init; }

    [JsonPropertyName("countries")]
    public required IReadOnlyList<string> Countries { get; init; }

    [JsonPropertyName("partners")]
    public required IReadOnlyList<string> Partners { get; init; }

    [JsonPropertyName("event_count")]
    public required long EventCount { get; init; }

    [JsonPropertyName("evidence_event_ids")]
    public required IReadOnlyList<string> EvidenceEventIds { get; init; }

    /// <summary>TLP 2.0 label name; the strictest of the evidence.</summary>
    [JsonPropertyName("tlp")]
    public required string Tlp { get; init; }

    [JsonPropertyName("status")]
    public string Status { get; init; } = "new";
}
