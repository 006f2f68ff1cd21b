using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyberAgg.Federation.Wire;

/// <summary>Source-generated JSON for <see cref="AllianceBatch"/> messages.</summary>
[JsonSerializable(typeof(AllianceBatch))]
public sealed partial class AllianceJson : JsonSerializerContext
{
    public static byte[] Serialize(AllianceBatch batch) => JsonSerializer.SerializeToUtf8Bytes(batch, Default.AllianceBatch);

    /// <summary>Parses a batch; throws <see cref="JsonException"/> on malformed input.</summary>
    public static AllianceBatch Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.AllianceBatch) ?? throw new JsonException("The batch is null.");
}
