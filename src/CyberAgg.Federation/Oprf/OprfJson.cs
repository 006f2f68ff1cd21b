using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Oprf;

/// <summary>Source-generated JSON for <see cref="OprfMessage"/>.</summary>
[JsonSerializable(typeof(OprfMessage))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class OprfJson : JsonSerializerContext
{
    public static byte[] Serialize(OprfMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Default.OprfMessage);

    /// <summary>Parses a message; throws <see cref="JsonException"/> on malformed input.</summary>
    public static OprfMessage Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.OprfMessage) ?? throw new JsonException("The message is null.");
}
