using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyberAgg.Events.Alerts;

/// <summary>The JSON form of an alert on Kafka (<c>cyberagg.alerts.v1</c>), source-generated for speed and trimming.</summary>
[JsonSerializable(typeof(Alert))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
public sealed partial class AlertJson : JsonSerializerContext
{
    /// <summary>Serialises to UTF-8 JSON.</summary>
    public static byte[] Serialize(Alert alert) => JsonSerializer.SerializeToUtf8Bytes(alert, Default.Alert);

    /// <summary>Parses UTF-8 JSON; throws <see cref="JsonException"/> on malformed input.</summary>
    public static Alert Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.Alert) ?? throw new JsonException("The alert JSON is null.");
}
