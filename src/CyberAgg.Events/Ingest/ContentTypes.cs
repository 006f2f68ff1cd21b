namespace CyberAgg.Events.Ingest;

/// <summary>Values of the <c>content-type</c> Kafka header on <c>cyberagg.events.v1</c>.</summary>
public static class ContentTypes
{
    /// <summary>A signed binary batch from <c>cyberagg-agent</c> (docs/wire-format.md).</summary>
    public const string Batch = "application/vnd.cyberagg.batch.v1";

    /// <summary>One third-party event as JSON (nested or dotted ECS keys, or Windows event JSON).</summary>
    public const string Json = "application/json";
}
