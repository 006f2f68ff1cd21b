using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CyberAgg.Correlator.Telemetry;

/// <summary>The correlator's one Meter and ActivitySource (<c>CyberAgg.Correlator</c>) and its instruments.</summary>
public static class CorrelatorInstrumentation
{
    public const string Name = "CyberAgg.Correlator";

    public static readonly ActivitySource ActivitySource = new(Name, "1.0.0");

    public static readonly Meter Meter = new(Name, "1.0.0");

    public static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>("cyberagg.correlator.messages.received", "{message}", "Kafka messages consumed.");

    public static readonly Counter<long> EventsReceived = Meter.CreateCounter<long>("cyberagg.correlator.events.received", "{event}", "Events decoded from consumed messages.");

    public static readonly Counter<long> EventsStored = Meter.CreateCounter<long>("cyberagg.correlator.events.stored", "{event}", "Events inserted into ClickHouse.");

    public static readonly Counter<long> EventsLate = Meter.CreateCounter<long>("cyberagg.correlator.events.late", "{event}", "Events behind the watermark: stored, not correlated.");

    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>("cyberagg.correlator.alerts.raised", "{alert}", "Alerts raised, by kind.");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("cyberagg.correlator.deadletters", "{message}", "Messages refused, by reason.");

    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("cyberagg.correlator.stage.duration", "s", "Time per batch in each stage (decode, evaluate, store, alert, commit).");

    /// <summary>Tag names, as constants so every instrument spells them the same.</summary>
    public static class Tags
    {
        public const string Stage = "stage";
        public const string Kind = "alert.kind";
        public const string Reason = "error.type";
    }
}
