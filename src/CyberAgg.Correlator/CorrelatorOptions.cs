using Microsoft.Extensions.Configuration;

namespace CyberAgg.Correlator;

/// <summary>Settings of the correlator (section <c>correlator</c>).</summary>
public sealed class CorrelatorOptions
{
    /// <summary>False runs <c>serve</c> as the API only (the compose and Kubernetes files run them apart).</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>Kafka consumer group; instances in one group share the partitions.</summary>
    [ConfigurationKeyName("group_id")]
    public string GroupId { get; set; } = "cyberagg-correlator";

    [ConfigurationKeyName("topic")]
    public string Topic { get; set; } = Events.KafkaTopicNames.Events;

    /// <summary>Folders of Sigma rules (detection and correlation).</summary>
    [ConfigurationKeyName("rules")]
    public List<string> Rules { get; set; } = [];

    /// <summary>
    /// A YAML file of values for Sigma <c>|expand</c> placeholders (name → list of values, docs/rules.md); rules using a
    /// placeholder it lacks are refused.
    /// </summary>
    [ConfigurationKeyName("placeholders")]
    public string? Placeholders { get; set; }

    /// <summary>
    /// Allowed lateness: each partition's watermark is the highest event time seen on it less this. Events older
    /// than the watermark are stored but not correlated; correlation waits this long (in event time) for stragglers.
    /// </summary>
    [ConfigurationKeyName("lateness")]
    public TimeSpan Lateness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Lower-bound correlations (<c>gt</c>/<c>gte</c>, the cross-border rules) alert as soon as the events in hand
    /// make them true, instead of one lateness later; when the watermark passes, the window is decided over every
    /// event in event-time order and the alert is kept, or revised under the same id if stragglers changed it.
    /// </summary>
    [ConfigurationKeyName("early_firing")]
    public bool EarlyFiring { get; set; } = true;

    /// <summary>
    /// Only events stamped at most this far behind the wall clock fire early (a live stream); older ones (a replay, a
    /// backlog) wait for the watermark, which reading a backlog moves as fast as it is read. Unset: the lateness.
    /// </summary>
    [ConfigurationKeyName("early_firing_horizon")]
    public TimeSpan? EarlyFiringHorizon { get; set; }

    /// <summary>The early-firing horizon in effect: <see cref="EarlyFiringHorizon"/>, else <see cref="Lateness"/>.</summary>
    public TimeSpan EarlyHorizon => EarlyFiringHorizon ?? Lateness;

    /// <summary>A partition with nothing new (and no backlog) for this long stops holding the watermark back.</summary>
    [ConfigurationKeyName("idle_timeout")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Events stamped further than this ahead of the wall clock are stored but move no watermark.</summary>
    [ConfigurationKeyName("max_clock_skew")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Restore open correlation windows from ClickHouse when partitions are assigned (start, restart, rebalance).</summary>
    [ConfigurationKeyName("restore_state")]
    public bool RestoreState { get; set; } = true;

    /// <summary>Most events read back from ClickHouse to restore open windows on one assignment.</summary>
    [ConfigurationKeyName("restore_max_events")]
    public int RestoreMaxEvents { get; set; } = 1_000_000;

    /// <summary>Events per evaluation batch; a batch is cut earlier when <see cref="BatchLinger"/> passes.</summary>
    [ConfigurationKeyName("batch_max_events")]
    public int BatchMaxEvents { get; set; } = 20_000;

    /// <summary>
    /// Longest wait to fill an evaluation batch; bounds event-to-alert latency. 20 ms: against 50 ms, the bench's
    /// event -> rule fired at load p99 77-124 instead of 129-168 ms, at the same throughput (benchmarks/README.md).
    /// </summary>
    [ConfigurationKeyName("batch_linger")]
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Events per round of ClickHouse inserts: evaluated batches are merged into one range per partition, and a range is
    /// inserted once it holds its share of this (this over the partitions in hand), once the ranges waiting together
    /// hold this many, or after <see cref="StoreLinger"/>. Each partition's range is inserted and committed on its own.
    /// </summary>
    [ConfigurationKeyName("store_batch_events")]
    public int StoreBatchEvents { get; set; } = 100_000;

    /// <summary>Longest an evaluated event waits to be stored; bounds event-to-queryable latency.</summary>
    [ConfigurationKeyName("store_linger")]
    public TimeSpan StoreLinger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether single detection-rule matches raise alerts of their own (correlations always do).</summary>
    [ConfigurationKeyName("detection_alerts")]
    public bool DetectionAlerts { get; set; } = true;

    /// <summary>
    /// Run as one of several instances in the group: correlations then happen after re-keying observations by
    /// indicator onto <see cref="IndicatorsTopic"/>, so one indicator's sightings meet in one instance.
    /// </summary>
    [ConfigurationKeyName("scale_out")]
    public bool ScaleOut { get; set; }

    [ConfigurationKeyName("indicators_topic")]
    public string IndicatorsTopic { get; set; } = Events.KafkaTopicNames.Indicators;

    /// <summary>Throws a <see cref="Configuration.ConfigurationException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(GroupId))
        {
            throw new Configuration.ConfigurationException("correlator.group_id", "is empty; name the consumer group, e.g. cyberagg-correlator.");
        }

        if (BatchMaxEvents is < 1 or > 1_000_000)
        {
            throw new Configuration.ConfigurationException("correlator.batch_max_events", $"{BatchMaxEvents} is outside 1..1000000; 10000-100000 suits ClickHouse.");
        }

        if (BatchLinger <= TimeSpan.Zero || BatchLinger > TimeSpan.FromMinutes(1))
        {
            throw new Configuration.ConfigurationException("correlator.batch_linger", $"{BatchLinger} must be above zero and at most a minute.");
        }

        if (StoreBatchEvents is < 1 or > 10_000_000)
        {
            throw new Configuration.ConfigurationException("correlator.store_batch_events", $"{StoreBatchEvents} is outside 1..10000000; 50000-500000 suits ClickHouse.");
        }

        if (StoreLinger <= TimeSpan.Zero || StoreLinger > TimeSpan.FromMinutes(5))
        {
            throw new Configuration.ConfigurationException("correlator.store_linger", $"{StoreLinger} must be above zero and at most five minutes.");
        }

        if (Lateness < TimeSpan.Zero)
        {
            throw new Configuration.ConfigurationException("correlator.lateness", "must not be negative.");
        }

        if (EarlyFiringHorizon < TimeSpan.Zero)
        {
            throw new Configuration.ConfigurationException("correlator.early_firing_horizon", "must not be negative; leave it unset to use correlator.lateness.");
        }

        if (IdleTimeout <= TimeSpan.Zero)
        {
            throw new Configuration.ConfigurationException("correlator.idle_timeout", $"{IdleTimeout} must be above zero, e.g. 30s.");
        }

        if (MaxClockSkew < TimeSpan.Zero)
        {
            throw new Configuration.ConfigurationException("correlator.max_clock_skew", "must not be negative; 5m suits sensors synchronised with NTP.");
        }

        if (RestoreMaxEvents < 0)
        {
            throw new Configuration.ConfigurationException("correlator.restore_max_events", "must not be negative.");
        }

        if (Placeholders is { } placeholders && !File.Exists(placeholders))
        {
            throw new Configuration.ConfigurationException("correlator.placeholders", $"file '{placeholders}' does not exist; give a YAML map of placeholder name to values (docs/rules.md).");
        }

        foreach (var folder in Rules)
        {
            if (!Directory.Exists(folder))
            {
                throw new Configuration.ConfigurationException("correlator.rules", $"folder '{folder}' does not exist; list folders of Sigma rules, e.g. rules/.");
            }
        }
    }
}
