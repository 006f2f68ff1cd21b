namespace CyberAgg.Agent.Parsing;

/// <summary>A parsed syslog message (RFC 5424 or RFC 3164); absent parts are null.</summary>
internal sealed class SyslogMessage
{
    public required int Facility { get; init; }

    public required int Severity { get; init; }

    public required bool IsRfc5424 { get; init; }

    /// <summary>False for a BSD line without <c>&lt;PRI&gt;</c> (a local file): facility and severity are then unknown.</summary>
    public bool HasPri { get; init; } = true;

    /// <summary>The sequence number some devices (Cisco IOS) write before the stamp, <c>&lt;189&gt;123: *Mar 1 ...</c>.</summary>
    public string? Sequence { get; init; }

    /// <summary>Null when the sender gave none (RFC 3164 allows it; the normaliser then uses the receive time).</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public string? Hostname { get; init; }

    public string? AppName { get; init; }

    public string? ProcId { get; init; }

    public string? MsgId { get; init; }

    /// <summary>RFC 5424 structured data as <c>SD-ID.PARAM</c> → value, in order of appearance.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StructuredData { get; init; } = [];

    public string Message { get; init; } = string.Empty;
}
