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
}
