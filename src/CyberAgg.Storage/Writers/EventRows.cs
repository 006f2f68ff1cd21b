using CyberAgg.Events;

namespace CyberAgg.Storage.Writers;

/// <summary>Maps a <see cref="SecurityEvent"/> to a row of <c>cyberagg.events</c>.</summary>
public static class EventRows
{
    /// <summary>The columns written, in row order.</summary>
    public static readonly string[] Columns =
    [
        "event_id", "ts", "ingested_at", "partner", "country", "observer_name", "kind", "category", "action", "outcome",
        "severity", "source_ip", "source_port", "destination_ip", "destination_port", "transport", "domain", "url",
        "file_sha256", "file_name", "user_name", "host_name", "process_executable", "process_command_line",
        "technique", "tlp", "trusted", "message", "labels", "attributes",
    ];

    /// <summary>How long <c>cyberagg.events</c> keeps an event: its TTL in 0001_events.sql.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary><see cref="Columns"/> and the Kafka partition the event was consumed from, as the correlator writes them.</summary>
    public static readonly string[] ConsumedColumns = [.. Columns, "kafka_partition"];

    private static readonly Dictionary<string, string> Empty = [];

    /// <summary>One row of <see cref="ConsumedColumns"/>.</summary>
    public static object[] ToConsumedRow(SecurityEvent e, DateTime ingestedAt, int kafkaPartition) => [.. ToRow(e, ingestedAt), kafkaPartition];

    /// <summary>One row; <c>domain</c> is the DNS question name, else the URL's domain.</summary>
    public static object[] ToRow(SecurityEvent e, DateTime ingestedAt) =>
    [
        e.EventId ?? "", e.Timestamp.UtcDateTime, ingestedAt, e.Partner ?? "", e.Country ?? "", e.ObserverName ?? "",
        e.Kind ?? "", e.Category ?? "", e.Action ?? "", e.Outcome ?? "",
        (byte)Math.Clamp(e.Severity ?? 0, 0, 255), e.SourceIp ?? "", (ushort)Math.Clamp(e.SourcePort ?? 0, 0, 65535),
        e.DestinationIp ?? "", (ushort)Math.Clamp(e.DestinationPort ?? 0, 0, 65535), e.NetworkTransport ?? "",
        e.DnsQuestionName ?? e.UrlDomain ?? "", e.UrlFull ?? "", e.FileHashSha256 ?? "", e.FileName ?? "",
        e.UserName ?? "", e.HostName ?? "", e.ProcessExecutable ?? "", e.ProcessCommandLine ?? "",
        e.ThreatTechniqueId ?? "", e.Tlp.ToName(), (byte)(e.Trusted ? 1 : 0), e.Message ?? "",
        e.LabelsOrNull ?? Empty, e.AttributesOrNull ?? Empty,
    ];
}
