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

    public static readonly Counter<long> EventsLate = Meter.CreateCounter<long>("cyberagg.correlator.events.late", "{event}", "Events behind the watermark: stored, not correlated, by partner.");

    public static readonly Counter<long> EventsDuplicate = Meter.CreateCounter<long>("cyberagg.correlator.events.duplicate", "{event}", "Events delivered again with an event id already stored or already in the batch: stored once.");

    public static readonly Counter<long> Gaps = Meter.CreateCounter<long>("cyberagg.correlator.gaps", "{message}", "Messages deleted by Kafka retention before they were consumed.");

    public static readonly Counter<long> EventsFuture = Meter.CreateCounter<long>("cyberagg.correlator.events.future", "{event}", "Events stamped further ahead of the wall clock than the allowed skew: stored, not correlated, by partner.");

    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>("cyberagg.correlator.alerts.raised", "{alert}", "Alerts made durable, by kind (a revision of an early alert counts again).");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("cyberagg.correlator.deadletters", "{message}", "Messages refused, by reason.");

    public static readonly Counter<long> StoreRetries = Meter.CreateCounter<long>("cyberagg.correlator.store.retries", "{attempt}", "Inserts into ClickHouse retried after a failure, by error.type.");

    public static readonly ObservableGauge<int> StoreStalled = Meter.CreateObservableGauge("cyberagg.correlator.store.stalled", () => Pipeline.StoreHealth.StalledPipelines, "{pipeline}", "Correlator pipelines whose inserts fail in a way retries do not fix (1 means: not storing, consumption paused).");

    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("cyberagg.correlator.stage.duration", "s", "Time per batch in each stage (decode, evaluate, store, alert, commit).");

    public static readonly Histogram<double> AlertDurability = Meter.CreateHistogram<double>("cyberagg.correlator.alert.durability", "s", "Time to make one batch of alerts durable, by sink (clickhouse: the alerts row; kafka: the message on cyberagg.alerts.v1).");

    private static long consumerLag;
    private static long stateGroups;
    private static long stateBytes;
    private static long watermarkLag;
    private static long buffered;

    /// <summary>How far the correlation watermark is behind the wall clock.</summary>
    public static readonly ObservableGauge<double> WatermarkDelay = Meter.CreateObservableGauge("cyberagg.correlator.watermark.delay", () => Interlocked.Read(ref watermarkLag) / 1000.0, "s", "Wall clock minus the correlation watermark.");

    public static readonly ObservableGauge<long> BufferedEvents = Meter.CreateObservableGauge("cyberagg.correlator.buffered", () => Interlocked.Read(ref buffered), "{event}", "Events waiting for the watermark before they are correlated.");

    internal static void ReportWatermark(double delaySeconds, long bufferedEvents)
    {
        Interlocked.Exchange(ref watermarkLag, (long)(delaySeconds * 1000));
        Interlocked.Exchange(ref buffered, bufferedEvents);
    }

    /// <summary>Messages between the committed position and the end of the assigned partitions.</summary>
    public static readonly ObservableGauge<long> ConsumerLag = Meter.CreateObservableGauge("cyberagg.correlator.consumer.lag", () => Interlocked.Read(ref consumerLag), "{message}", "Messages not yet consumed on the assigned events partitions.");

    /// <summary>Correlation groups held in memory (bounded by correlation options).</summary>
    public static readonly ObservableGauge<long> StateGroups = Meter.CreateObservableGauge("cyberagg.correlator.state.groups", () => Interlocked.Read(ref stateGroups), "{group}", "Correlation groups held in memory.");

    public static readonly ObservableGauge<long> StateBytes = Meter.CreateObservableGauge("cyberagg.correlator.state.size", () => Interlocked.Read(ref stateBytes), "By", "Approximate memory of the correlation state.");

    internal static void ReportLag(long lag) => Interlocked.Exchange(ref consumerLag, lag);

    internal static void ReportState(long groups, long bytes)
    {
        Interlocked.Exchange(ref stateGroups, groups);
        Interlocked.Exchange(ref stateBytes, bytes);
    }

    private static long earlyRaised;
    private static long earlyRevised;
    private static long earlyUnmatched;

    /// <summary>Early firing (correlator.early_firing): alerts raised ahead of the watermark, and what the watermark then did with them.</summary>
    public static readonly ObservableCounter<long> EarlyAlerts = Meter.CreateObservableCounter(
        "cyberagg.correlator.alerts.early",
        () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref earlyRaised), new KeyValuePair<string, object?>(Tags.Outcome, "raised")),
            new Measurement<long>(Interlocked.Read(ref earlyRevised), new KeyValuePair<string, object?>(Tags.Outcome, "revised")),
            new Measurement<long>(Interlocked.Read(ref earlyUnmatched), new KeyValuePair<string, object?>(Tags.Outcome, "unmatched")),
        },
        "{alert}",
        "Correlation alerts raised from the events in hand before the watermark (raised); of those, revised under the same id when stragglers changed the evidence (revised), or matched by no decision of the watermark (unmatched).");

    internal static void ReportEarly(long raised, long revised, long unmatched)
    {
        Interlocked.Exchange(ref earlyRaised, raised);
        Interlocked.Exchange(ref earlyRevised, revised);
        Interlocked.Exchange(ref earlyUnmatched, unmatched);
    }

    /// <summary>Counts alerts made durable in <see cref="AlertsRaised"/>, each under its own kind.</summary>
    internal static void CountAlertsRaised(IReadOnlyList<CyberAgg.Events.Alerts.Alert> alerts)
    {
        foreach (var kind in alerts.GroupBy(a => a.Kind, StringComparer.Ordinal))
        {
            AlertsRaised.Add(kind.Count(), new KeyValuePair<string, object?>(Tags.Kind, kind.Key));
        }
    }

    /// <summary>Tag names, as constants so every instrument spells them the same.</summary>
    public static class Tags
    {
        public const string Stage = "stage";
        public const string Kind = "alert.kind";
        public const string Reason = "error.type";
        public const string Partner = "partner";
        public const string Outcome = "outcome";
        public const string Sink = "sink";
    }
}
