using System.Text;

namespace CyberAgg.Events.Ingest;

/// <summary>The Kafka headers the decoder reads; build it with <see cref="With"/> while walking a message's headers.</summary>
public readonly record struct IngestHeaders(string? ContentType, string? Schema, string? Partner, string? TraceParent)
{
    /// <summary>
    /// Returns a copy with the header <paramref name="name"/> set when it is one of <see cref="KafkaHeaderNames"/>;
    /// other headers are ignored. Known content types map to constants, so the common case allocates nothing.
    /// </summary>
    public IngestHeaders With(string name, ReadOnlySpan<byte> value) => name switch
    {
        KafkaHeaderNames.ContentType => this with { ContentType = ContentTypeOf(value) },
        KafkaHeaderNames.Schema => this with { Schema = value.SequenceEqual("cyberagg.events.v1"u8) ? SchemaVersions.EventsV1 : Encoding.UTF8.GetString(value) },
        KafkaHeaderNames.Partner => this with { Partner = Encoding.UTF8.GetString(value) },
        KafkaHeaderNames.TraceParent => this with { TraceParent = Encoding.UTF8.GetString(value) },
        _ => this,
    };

    private static string ContentTypeOf(ReadOnlySpan<byte> value)
    {
        if (value.SequenceEqual("application/vnd.cyberagg.batch.v1"u8))
        {
            return ContentTypes.Batch;
        }

        return value.SequenceEqual("application/json"u8) ? ContentTypes.Json : Encoding.UTF8.GetString(value);
    }
}
