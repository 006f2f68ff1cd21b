namespace CyberAgg.Storage.Tables;

/// <summary>One evidence event of an alert as the API shows it; what a foreign partner gets is pseudonymised and without free text.</summary>
public sealed record EvidenceEvent
{
    public required string EventId { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Partner { get; init; }
    public required string Country { get; init; }
    public string ObserverName { get; init; } = "";
    public string Category { get; init; } = "";
    public string Action { get; init; } = "";
    public string Outcome { get; init; } = "";
    public int Severity { get; init; }
    public string SourceIp { get; init; } = "";
    public string DestinationIp { get; init; } = "";
    public string Domain { get; init; } = "";
    public string FileSha256 { get; init; } = "";
    public string Technique { get; init; } = "";
    public string UserName { get; init; } = "";
    public string HostName { get; init; } = "";
    public string Tlp { get; init; } = "";

    /// <summary>Free text; only the owner and operators see it, since it cannot be pseudonymised field by field.</summary>
    public string? Message { get; init; }

    /// <summary>Free text, like <see cref="Message"/>.</summary>
    public string? CommandLine { get; init; }

    /// <summary>The agreement this event was released under; null for the owner and operators.</summary>
    public string? AgreementId { get; init; }
}
