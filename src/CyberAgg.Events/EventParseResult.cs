namespace CyberAgg.Events;

/// <summary>The outcome of parsing one record: an event, or a dead-letter reason with a human-readable detail.</summary>
public readonly record struct EventParseResult
{
    private EventParseResult(SecurityEvent? evt, DeadLetterReason reason, string? detail)
    {
        Event = evt;
        Reason = reason;
        Detail = detail;
    }

    public SecurityEvent? Event { get; }

    public DeadLetterReason Reason { get; }

    /// <summary>What exactly was wrong (field name, position); never contains the record's content.</summary>
    public string? Detail { get; }

    public bool Success => Event is not null;

    public static EventParseResult Ok(SecurityEvent evt) => new(evt ?? throw new ArgumentNullException(nameof(evt)), DeadLetterReason.None, null);

    public static EventParseResult Fail(DeadLetterReason reason, string? detail = null) =>
        reason == DeadLetterReason.None
            ? throw new ArgumentOutOfRangeException(nameof(reason), reason, "A failure needs a reason.")
            : new(null, reason, detail);
}
