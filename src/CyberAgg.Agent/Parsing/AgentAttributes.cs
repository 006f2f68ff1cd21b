namespace CyberAgg.Agent.Parsing;

/// <summary>Attributes the agent itself adds to an event, so what it assumed is visible downstream.</summary>
internal static class AgentAttributes
{
    /// <summary>ECS <c>event.ingested</c>: when the agent read the record (set when its own time could not be read).</summary>
    public const string EventIngested = "event.ingested";

    /// <summary>Where <c>@timestamp</c> came from when not from the record: <see cref="ReceiveTime"/>.</summary>
    public const string TimestampSource = "cyberagg.timestamp_source";

    /// <summary>The value of <see cref="TimestampSource"/> when <c>@timestamp</c> is the receive time.</summary>
    public const string ReceiveTime = "receive_time";

    /// <summary>Set to <see cref="Latin1"/> when bytes that are not UTF-8 were read as ISO-8859-1.</summary>
    public const string Encoding = "cyberagg.encoding";

    public const string Latin1 = "iso-8859-1";
}
