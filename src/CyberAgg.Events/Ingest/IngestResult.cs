namespace CyberAgg.Events.Ingest;

/// <summary>Outcome of decoding one Kafka message: how many events were appended, or why it goes to the dead-letter topic.</summary>
public readonly record struct IngestResult(
    DeadLetterReason Reason,
    string? Detail,
    MessageFormat Format,
    bool Trusted,
    string? Partner,
    string? KeyId,
    int EventCount)
{
    public bool Success => Reason == DeadLetterReason.None;

    /// <summary>The snake_case reason for the dead-letter record (<c>none</c> on success).</summary>
    public string ReasonCode => Reason.ToCode();

    internal static IngestResult Fail(DeadLetterReason reason, string? detail, MessageFormat format, string? partner = null, string? keyId = null) =>
        new(reason, detail, format, false, partner, keyId, 0);
}
