namespace CyberAgg.Agent.Settings;

/// <summary>The partner's ingest key (section <c>ingest_key</c>) that signs every batch.</summary>
internal sealed class IngestKeyOptions
{
    public required string KeyId { get; init; }

    /// <summary>The secret bytes (UTF-8 of the configured value, or base64 when written <c>base64:...</c>).</summary>
    public required byte[] Secret { get; init; }

    public override string ToString() => $"ingest key {KeyId}";
}
