namespace CyberAgg.Events.Json;

/// <summary>Limits and policy for <see cref="JsonEventParser"/>; the defaults suit untrusted third-party producers.</summary>
public sealed record JsonEventOptions
{
    public static JsonEventOptions Default { get; } = new();

    /// <summary>Largest accepted record in bytes (default 1 MiB).</summary>
    public int MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Deepest accepted object/array nesting (default 32); deeper input is <c>too_deep</c>, never a stack overflow.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Most leaf fields accepted in one record (default 1024).</summary>
    public int MaxFields { get; init; } = 1024;

    /// <summary>When true (the ingest contract) a record without <c>@timestamp</c> is <c>missing_timestamp</c>.</summary>
    public bool RequireTimestamp { get; init; } = true;

    /// <summary>
    /// When true a record without <c>event.id</c> gets one derived from its bytes. The agent turns this off because it
    /// derives ids from the record's origin (file and offset) as well, which the bytes alone cannot tell apart.
    /// </summary>
    public bool AssignMissingEventId { get; init; } = true;
}
