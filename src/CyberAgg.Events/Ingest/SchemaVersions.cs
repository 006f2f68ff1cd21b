namespace CyberAgg.Events.Ingest;

/// <summary>Values of the <c>cyberagg-schema</c> Kafka header.</summary>
public static class SchemaVersions
{
    /// <summary>The ECS-named event schema of DESIGN §4, version 1.</summary>
    public const string EventsV1 = "cyberagg.events.v1";
}
