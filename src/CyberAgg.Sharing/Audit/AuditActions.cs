namespace CyberAgg.Sharing.Audit;

/// <summary>The fixed lists of audit actions and channels.</summary>
public static class AuditActions
{
    public const string Release = "release";
    public const string Acknowledge = "ack";
    public const string Assign = "assign";
    public const string Close = "close";

    public const string ChannelKafka = "kafka";
    public const string ChannelApi = "api";
    public const string ChannelSse = "sse";
    public const string ChannelStix = "stix";

    /// <summary>The actor of releases made by the sharing service itself.</summary>
    public const string ServiceActor = "cyberagg-sharing";
}
