namespace CyberAgg.Events;

/// <summary>The typed core fields of DESIGN §4; the numeric value is also the field number on the wire.</summary>
/// <remarks>Values are part of the batch wire format (docs/wire-format.md): never renumber, only append.</remarks>
public enum EcsField : byte
{
    None = 0,
    Timestamp = 1,
    Tlp = 2,
    EventSeverity = 3,
    SourcePort = 4,
    DestinationPort = 5,

    // String fields are contiguous from FirstString so the event stores them in one array.
    ObserverPartner = 16,
    ObserverCountry = 17,
    ObserverName = 18,
    EventId = 19,
    EventKind = 20,
    EventCategory = 21,
    EventAction = 22,
    EventOutcome = 23,
    SourceIp = 24,
    DestinationIp = 25,
    NetworkTransport = 26,
    DnsQuestionName = 27,
    UrlFull = 28,
    UrlDomain = 29,
    FileHashSha256 = 30,
    FileName = 31,
    UserName = 32,
    HostName = 33,
    ProcessExecutable = 34,
    ProcessCommandLine = 35,
    ThreatTechniqueId = 36,
    Message = 37,
}
