using CyberAgg.Events.Json;
using CyberAgg.Events.Wire;

namespace CyberAgg.Events.Ingest;

/// <summary>Settings of <see cref="IngestDecoder"/>.</summary>
public sealed record IngestDecoderOptions
{
    /// <summary>Defaults to <see cref="IngestTrust.Signed"/>, the production setting.</summary>
    public IngestTrust Trust { get; init; } = IngestTrust.Signed;

    public BatchLimits BatchLimits { get; init; } = BatchLimits.Default;

    public JsonEventOptions Json { get; init; } = JsonEventOptions.Default;
}
