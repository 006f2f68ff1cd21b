namespace CyberAgg.Events.Ingest;

/// <summary>Kafka header names of DESIGN §5, shared by the agent (producer) and the correlator (consumer).</summary>
public static class KafkaHeaderNames
{
    /// <summary>The payload's media type, one of <see cref="ContentTypes"/>.</summary>
    public const string ContentType = "content-type";

    /// <summary>The event schema version, <see cref="SchemaVersions.EventsV1"/>.</summary>
    public const string Schema = "cyberagg-schema";

    /// <summary>The partner id the producer claims; for a batch it must equal the signed header's partner.</summary>
    public const string Partner = "cyberagg-partner";

    /// <summary>W3C trace context, passed through so a batch's trace spans agent and correlator.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>
    /// On <c>cyberagg.indicators.v1</c>: a watermark marker (Unix milliseconds, invariant digits) from one events-stage
    /// instance: it will send no more observations older than this on that partition.
    /// </summary>
    public const string Watermark = "cyberagg-watermark";

    /// <summary>The events-stage instance a watermark marker comes from.</summary>
    public const string WatermarkSource = "cyberagg-watermark-source";

    /// <summary>On <c>cyberagg.deadletter.v1</c>: the dead-letter reason code (<see cref="DeadLetterReasons"/>).</summary>
    public const string DeadLetterReason = "cyberagg-deadletter-reason";

    /// <summary>On <c>cyberagg.deadletter.v1</c>: a human-readable detail of the reason (the agent's parser message).</summary>
    public const string DeadLetterDetail = "cyberagg-deadletter-detail";

    /// <summary>On <c>cyberagg.deadletter.v1</c>: where the record came from, <c>topic/partition@offset</c> or the agent's input.</summary>
    public const string DeadLetterSource = "cyberagg-deadletter-source";

    /// <summary>The agent's sensor name on the batches it produces.</summary>
    public const string Sensor = "cyberagg-sensor";

    /// <summary>The <see cref="DeadLetterSource"/> value of a consumed record.</summary>
    public static string SourceOf(string topic, int partition, long offset) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{topic}/{partition}@{offset}");
}
