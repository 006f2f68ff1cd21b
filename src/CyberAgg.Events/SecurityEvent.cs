namespace CyberAgg.Events;

/// <summary>One normalised security event: typed ECS core fields, free labels, and string attributes for everything else.</summary>
public sealed partial class SecurityEvent
{
    private readonly string?[] _strings = new string?[EcsFieldNames.StringCount];
    private DateTimeOffset _timestamp;
    private Dictionary<string, string>? _labels;
    private Dictionary<string, string>? _attributes;

    /// <summary>Event time (<c>@timestamp</c>), always held in UTC.</summary>
    public DateTimeOffset Timestamp
    {
        get => _timestamp;
        set => _timestamp = value.ToUniversalTime();
    }

    public Tlp Tlp { get; set; } = Tlp.Amber;

    /// <summary><c>event.severity</c>, 0–10.</summary>
    public int? Severity { get; set; }

    public int? SourcePort { get; set; }

    public int? DestinationPort { get; set; }

    /// <summary>Set by the ingest decoder: true only when the partner and country were proven by an ingest-key signature.</summary>
    /// <remarks>Not part of the event content: it is never encoded and never hashed.</remarks>
    public bool Trusted { get; set; }

    public string? Partner { get => Get(EcsField.ObserverPartner); set => Set(EcsField.ObserverPartner, value); }

    public string? Country { get => Get(EcsField.ObserverCountry); set => Set(EcsField.ObserverCountry, value); }

    public string? ObserverName { get => Get(EcsField.ObserverName); set => Set(EcsField.ObserverName, value); }

    public string? EventId { get => Get(EcsField.EventId); set => Set(EcsField.EventId, value); }

    public string? Kind { get => Get(EcsField.EventKind); set => Set(EcsField.EventKind, value); }

    public string? Category { get => Get(EcsField.EventCategory); set => Set(EcsField.EventCategory, value); }

    public string? Action { get => Get(EcsField.EventAction); set => Set(EcsField.EventAction, value); }

    public string? Outcome { get => Get(EcsField.EventOutcome); set => Set(EcsField.EventOutcome, value); }

    public string? SourceIp { get => Get(EcsField.SourceIp); set => Set(EcsField.SourceIp, value); }

    public string? DestinationIp { get => Get(EcsField.DestinationIp); set => Set(EcsField.DestinationIp, value); }

    public string? NetworkTransport { get => Get(EcsField.NetworkTransport); set => Set(EcsField.NetworkTransport, value); }

    public string? DnsQuestionName { get => Get(EcsField.DnsQuestionName); set => Set(EcsField.DnsQuestionName, value); }

    public string? UrlFull { get => Get(EcsField.UrlFull); set => Set(EcsField.UrlFull, value); }

    public string? UrlDomain { get => Get(EcsField.UrlDomain); set => Set(EcsField.UrlDomain, value); }

    public string? FileHashSha256 { get => Get(EcsField.FileHashSha256); set => Set(EcsField.FileHashSha256, value); }

    public string? FileName { get => Get(EcsField.FileName); set => Set(EcsField.FileName, value); }

    public string? UserName { get => Get(EcsField.UserName); set => Set(EcsField.UserName, value); }

    public string? HostName { get => Get(EcsField.HostName); set => Set(EcsField.HostName, value); }

    public string? ProcessExecutable { get => Get(EcsField.ProcessExecutable); set => Set(EcsField.ProcessExecutable, value); }

    public string? ProcessCommandLine { get => Get(EcsField.ProcessCommandLine); set => Set(EcsField.ProcessCommandLine, value); }

    public string? ThreatTechniqueId { get => Get(EcsField.ThreatTechniqueId); set => Set(EcsField.ThreatTechniqueId, value); }

    public string? Message { get => Get(EcsField.Message); set => Set(EcsField.Message, value); }

    /// <summary><c>labels.*</c> without the prefix; created on first use.</summary>
    public Dictionary<string, string> Labels => _labels ??= new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every input field that is not a core field or a label, by its original (dotted) name.</summary>
    public Dictionary<string, string> Attributes => _attributes ??= new Dictionary<string, string>(StringComparer.Ordinal);

    public int LabelCount => _labels?.Count ?? 0;

    public int AttributeCount => _attributes?.Count ?? 0;

    /// <summary>Labels without forcing the dictionary into existence (null when there are none).</summary>
    public IReadOnlyDictionary<string, string>? LabelsOrNull => _labels is { Count: > 0 } ? _labels : null;

    /// <summary>Attributes without forcing the dictionary into existence (null when there are none).</summary>
    public IReadOnlyDictionary<string, string>? AttributesOrNull => _attributes is { Count: > 0 } ? _attributes : null;

    // The concrete types let the batch writer enumerate without boxing an enumerator per event.
    internal Dictionary<string, string>? LabelsDictionary => _labels;

    internal Dictionary<string, string>? AttributesDictionary => _attributes;

    /// <summary>Reads a string core field by its <see cref="EcsField"/>.</summary>
    public string? Get(EcsField field) =>
        EcsFieldNames.IsString(field)
            ? _strings[(int)field - EcsFieldNames.FirstString]
            : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a string core field.");

    /// <summary>Writes a string core field by its <see cref="EcsField"/>; empty strings are stored as absent.</summary>
    public void Set(EcsField field, string? value)
    {
        if (!EcsFieldNames.IsString(field))
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Not a string core field.");
        }

        _strings[(int)field - EcsFieldNames.FirstString] = string.IsNullOrEmpty(value) ? null : value;
    }
}
