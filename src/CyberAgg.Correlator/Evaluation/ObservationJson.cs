using System.Text.Json;
using System.Text.Json.Serialization;

namespace CyberAgg.Correlator.Evaluation;

/// <summary>Source-generated JSON for <see cref="Observation"/> messages.</summary>
[JsonSerializable(typeof(Observation))]
public sealed partial class ObservationJson : JsonSerializerContext
{
    public static byte[] Serialize(Observation observation) => JsonSerializer.SerializeToUtf8Bytes(observation, Default.Observation);

    /// <summary>Parses an observation; throws <see cref="JsonException"/> on malformed input.</summary>
    public static Observation Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, Default.Observation) ?? throw new JsonException("The observation is null.");
}
