using CyberAgg.Events;

namespace CyberAgg.Storage.Writers;

/// <summary>
/// The one row layout of <c>cyberagg.events</c> as the product writes it: <see cref="Columns"/> and, in the same
/// order, each event's values as <c>RowBinary</c>, written straight into the insert's request body.
/// </summary>
/// <remarks>The column types are those of 0001_events.sql and 0030_events_kafka_partition.sql.</remarks>
public readonly struct EventRows : IRowBinaryRows
{
    /// <summary>The columns written, in row order.</summary>
    public static readonly string[] Columns =
    [
        "event_id", "ts", "ingested_at", "partner", "country", "observer_name", "kind", "category", "action", "outcome",
        "severity", "source_ip", "source_port", "destination_ip", "destination_port", "transport", "domain", "url",
        "file_sha256", "file_name", "user_name", "host_name", "process_executable", "process_command_line",
        "technique", "tlp", "trusted", "message", "labels", "attributes", "kafka_partition",
    ];

    /// <summary>How long <c>cyberagg.events</c> keeps an event: its TTL in 0001_events.sql.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    private readonly IReadOnlyList<SecurityEvent> events;
    private readonly long ingestedAtMs;
    private readonly int kafkaPartition;

    /// <param name="events">The events, one row each.</param>
    /// <param name="ingestedAt">The <c>ingested_at</c> of every row.</param>
    /// <param name="kafkaPartition">The Kafka partition the events were consumed from.</param>
    public EventRows(IReadOnlyList<SecurityEvent> events, DateTimeOffset ingestedAt, int kafkaPartition)
    {
        ArgumentNullException.ThrowIfNull(events);
        this.events = events;
        ingestedAtMs = ingestedAt.ToUnixTimeMilliseconds();
        this.kafkaPartition = kafkaPartition;
    }

    public int Count => events.Count;

    public void Write(int index, RowBinaryBuffer buffer) => Write(buffer, events[index], ingestedAtMs, kafkaPartition);

    /// <summary>One row of <see cref="Columns"/>; <c>domain</c> is the DNS question name, else the URL's domain; an absent number is 0.</summary>
    public static void Write(RowBinaryBuffer buffer, SecurityEvent e, long ingestedAtMs, int kafkaPartition)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(e);
        buffer.String(e.EventId);
        buffer.Int64(e.Timestamp.ToUnixTimeMilliseconds());
        buffer.Int64(ingestedAtMs);
        buffer.String(e.Partner);
        buffer.String(e.Country);
        buffer.String(e.ObserverName);
        buffer.String(e.Kind);
        buffer.String(e.Category);
        buffer.String(e.Action);
        buffer.String(e.Outcome);
        buffer.UInt8((byte)Math.Clamp(e.Severity ?? 0, 0, 255));
        buffer.String(e.SourceIp);
        buffer.UInt16((ushort)Math.Clamp(e.SourcePort ?? 0, 0, 65535));
        buffer.String(e.DestinationIp);
        buffer.UInt16((ushort)Math.Clamp(e.DestinationPort ?? 0, 0, 65535));
        buffer.String(e.NetworkTransport);
        buffer.String(e.DnsQuestionName ?? e.UrlDomain);
        buffer.String(e.UrlFull);
        buffer.String(e.FileHashSha256);
        buffer.String(e.FileName);
        buffer.String(e.UserName);
        buffer.String(e.HostName);
        buffer.String(e.ProcessExecutable);
        buffer.String(e.ProcessCommandLine);
        buffer.String(e.ThreatTechniqueId);
        buffer.String(e.Tlp.ToName());
        buffer.UInt8((byte)(e.Trusted ? 1 : 0));
        buffer.String(e.Message);
        buffer.Map(e.LabelCount > 0 ? e.Labels : null);
        buffer.Map(e.AttributeCount > 0 ? e.Attributes : null);
        buffer.Int32(kafkaPartition);
    }
}
