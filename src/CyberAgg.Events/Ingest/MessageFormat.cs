namespace CyberAgg.Events.Ingest;

/// <summary>What a message on <c>cyberagg.events.v1</c> turned out to be.</summary>
public enum MessageFormat
{
    Unknown = 0,
    Batch = 1,
    Json = 2,
}
