using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Exchange;

/// <summary>Source-generated JSON for <see cref="ExchangeMessage"/>.</summary>
[JsonSerializable(typeof(ExchangeMessage))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class ExchangeJson : JsonSerializerContext
{
    public static byte[] Serialize(ExchangeMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Default.ExchangeMessage);

    /// <summary>Parses a message; throws <see cref="JsonException"/> on malformed input.</summary>
    public static ExchangeMessage Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.ExchangeMessage) ?? throw new JsonException("The message is null.");
}
