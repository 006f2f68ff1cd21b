using System.Collections.Frozen;

namespace CyberAgg.Events;

/// <summary>The ECS dotted names of DESIGN §4 and the lookup from name to <see cref="EcsField"/>.</summary>
public static class EcsFieldNames
{
    public const string Timestamp = "@timestamp";
    public const string Tlp = "tlp";
    public const string EventSeverity = "event.severity";
    public const string SourcePort = "source.port";
    public const string DestinationPort = "destination.port";
    public const string ObserverPartner = "observer.partner";
    public const string ObserverCountry = "observer.country";
    public const string ObserverName = "observer.name";
    public const string EventId = "event.id";
    public const string EventKind = "event.kind";
    public const string EventCategory = "event.category";
    public const string EventAction = "event.action";
    public const string EventOutcome = "event.outcome";
    public const string SourceIp = "source.ip";
    public const string DestinationIp = "destination.ip";
    public const string NetworkTransport = "network.transport";
    public const string DnsQuestionName = "dns.question.name";
    public const string UrlFull = "url.full";
    public const string UrlDomain = "url.domain";
    public const string FileHashSha256 = "file.hash.sha256";
    public const string FileName = "file.name";
    public const string UserName = "user.name";
    public const string HostName = "host.name";
    public const string ProcessExecutable = "process.executable";
    public const string ProcessCommandLine = "process.command_line";
    public const string ThreatTechniqueId = "threat.technique.id";
    public const string Message = "message";

    /// <summary>Prefix of free key/value labels (<c>labels.sector</c>).</summary>
    public const string LabelsPrefix = "labels.";

    internal const int FirstString = (int)EcsField.ObserverPartner;
    internal const int StringCount = (int)EcsField.Message - FirstString + 1;

    private static readonly FrozenDictionary<string, EcsField> ByName = new Dictionary<string, EcsField>(StringComparer.Ordinal)
    {
        [Timestamp] = EcsField.Timestamp,
        [Tlp] = EcsField.Tlp,
        [EventSeverity] = EcsField.EventSeverity,
        [SourcePort] = EcsField.SourcePort,
        [DestinationPort] = EcsField.DestinationPort,
        [ObserverPartner] = EcsField.ObserverPartner,
        [ObserverCountry] = EcsField.ObserverCountry,
        [ObserverName] = EcsField.ObserverName,
        [EventId] = EcsField.EventId,
        [EventKind] = EcsField.EventKind,
        [EventCategory] = EcsField.EventCategory,
        [EventAction] = EcsField.EventAction,
        [EventOutcome] = EcsField.EventOutcome,
        [SourceIp] = EcsField.SourceIp,
        [DestinationIp] = EcsField.DestinationIp,
        [NetworkTransport] = EcsField.NetworkTransport,
        [DnsQuestionName] = EcsField.DnsQuestionName,
        [UrlFull] = EcsField.UrlFull,
        [UrlDomain] = EcsField.UrlDomain,
        [FileHashSha256] = EcsField.FileHashSha256,
        [FileName] = EcsField.FileName,
        [UserName] = EcsField.UserName,
        [HostName] = EcsField.HostName,
        [ProcessExecutable] = EcsField.ProcessExecutable,
        [ProcessCommandLine] = EcsField.ProcessCommandLine,
        [ThreatTechniqueId] = EcsField.ThreatTechniqueId,
        [Message] = EcsField.Message,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, EcsField>.AlternateLookup<ReadOnlySpan<char>> BySpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string?[] Names = BuildNames();

    /// <summary>All core field names, for documentation and schema generation.</summary>
    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryGetField(string name, out EcsField field) => ByName.TryGetValue(name, out field);

    /// <summary>Span lookup, so parsers resolve core names without allocating a key string.</summary>
    public static bool TryGetField(ReadOnlySpan<char> name, out EcsField field) => BySpan.TryGetValue(name, out field);

    public static string GetName(EcsField field) =>
        (int)field < Names.Length && Names[(int)field] is { } name
            ? name
            : throw new ArgumentOutOfRangeException(nameof(field), field, "Not a core field.");

    internal static bool IsString(EcsField field) => (int)field >= FirstString && (int)field < FirstString + StringCount;

    private static string?[] BuildNames()
    {
        var names = new string?[(int)EcsField.Message + 1];
        foreach (var (name, field) in ByName)
        {
            names[(int)field] = name;
        }

        return names;
    }
}
