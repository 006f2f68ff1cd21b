namespace CyberAgg.Events;

/// <summary>The Kafka topic names of the contract (DESIGN §5), shared by every component that reads or writes them.</summary>
public static class KafkaTopicNames
{
    public const string Events = "cyberagg.events.v1";
    public const string Indicators = "cyberagg.indicators.v1";
    public const string Alerts = "cyberagg.alerts.v1";
    public const string DeadLetter = "cyberagg.deadletter.v1";

    /// <summary>The per-partner shared-alert feed, <c>cyberagg.alerts.&lt;partner&gt;.v1</c>.</summary>
    public static string PartnerAlerts(string partnerId) => $"cyberagg.alerts.{partnerId}.v1";

    /// <summary>Topics every deployment has, in data-flow order.</summary>
    public static IReadOnlyList<string> Core { get; } = [Events, Indicators, Alerts, DeadLetter];
}
