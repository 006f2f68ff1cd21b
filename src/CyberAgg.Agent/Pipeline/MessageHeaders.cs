using System.Diagnostics;
using System.Text;
using CyberAgg.Events.Ingest;

namespace CyberAgg.Agent.Pipeline;

/// <summary>Builds the DESIGN §5 headers of event batches and the headers of dead letters.</summary>
internal static class MessageHeaders
{
    public const string DeadLetterReason = KafkaHeaderNames.DeadLetterReason;
    public const string DeadLetterDetail = KafkaHeaderNames.DeadLetterDetail;
    public const string DeadLetterSource = KafkaHeaderNames.DeadLetterSource;
    public const string Sensor = KafkaHeaderNames.Sensor;
    public const string OctetStream = "application/octet-stream";

    private static readonly byte[] BatchContentType = Encoding.UTF8.GetBytes(ContentTypes.Batch);
    private static readonly byte[] OctetStreamBytes = Encoding.UTF8.GetBytes(OctetStream);
    private static readonly byte[] SchemaV1 = Encoding.UTF8.GetBytes(SchemaVersions.EventsV1);

    public static KeyValuePair<string, byte[]>[] ForBatch(byte[] partner) =>
    [
        new(KafkaHeaderNames.ContentType, BatchContentType),
        new(KafkaHeaderNames.Schema, SchemaV1),
        new(KafkaHeaderNames.Partner, partner),
        new(KafkaHeaderNames.TraceParent, TraceParent()),
    ];

    public static KeyValuePair<string, byte[]>[] ForDeadLetter(byte[] partner, byte[] sensor, string reason, string? detail, string origin) =>
    [
        new(KafkaHeaderNames.ContentType, OctetStreamBytes),
        new(KafkaHeaderNames.Partner, partner),
        new(Sensor, sensor),
        new(DeadLetterReason, Encoding.UTF8.GetBytes(reason)),
        new(DeadLetterDetail, Encoding.UTF8.GetBytes(detail ?? string.Empty)),
        new(DeadLetterSource, Encoding.UTF8.GetBytes(origin)),
        new(KafkaHeaderNames.TraceParent, TraceParent()),
    ];

    // The batch's own trace context when something listens to the agent's ActivitySource, else a fresh unsampled one.
    private static byte[] TraceParent()
    {
        var current = Activity.Current;
        var text = current is { IdFormat: ActivityIdFormat.W3C }
            ? current.Id!
            : $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";
        return Encoding.ASCII.GetBytes(text);
    }
}
