using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events.Alerts;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Wire;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Matching;

/// <summary>
/// A node's inbound half: reads every member's signed batches from the alliance topics, refuses forged, replayed and
/// misattributed ones, and runs the cross-border correlation rules over the blinded indicators with central mode's
/// engine and event-time semantics (each node's watermark per topic, the minimum decides). Alerts are stored in the
/// node's own ClickHouse, with the clear indicator only where this node saw it.
/// </summary>
/// <remarks>
/// Matching runs at every node rather than at a coordinator: no party ever holds all tokens with the right to act
/// on them but the members themselves, and a node that is down misses nothing. On start it replays the retained
/// alliance topics from the beginning; alert ids are deterministic, so re-raised alerts deduplicate in storage.
/// </remarks>
public sealed class FederationMatcher : IDisposable
{
    private const string CountryField = "observer.country";
    private const string PartnerField = "observer.partner";
    private readonly FederationOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly RuleSet rules;
    private readonly IndicatorKinds kinds;
    private readonly RuleEvaluator evaluator;
    private readonly EpochSchedule schedule;
    private readonly EpochAlertFilter epochs;
    private readonly ReplayGuard replays;
    private readonly NodeWatermarks watermarks;
    private readonly Dictionary<string, ECDsa> members;
    private readonly Dictionary<string, string> countries;
    private readonly Dictionary<string, string> kindOfToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset First, DateTimeOffset Last, long Count, SortedSet<string> Countries)> sightings = new(StringComparer.Ordinal);
    private readonly ClickHouseWriter? writer;
    private readonly string? database;
    private readonly List<Alert> raised = [];
    private readonly Dictionary<string, long> tokenEpoch = new(StringComparer.Ordinal);
    private long forgotten = long.MinValue;
    private long accepted;
    private long refused;

    public FederationMatcher(FederationOptions options, RuleSet rules, TimeSpan lateness, LocalIndicators indicators, ClickHouseOptions? clickHouse, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.rules = rules;
        this.logger = logger;
        Indicators = indicators;
        time = timeProvider ?? TimeProvider.System;
        kinds = new IndicatorKinds(rules);
        kinds.RequireEpochCovers(options.Epoch);
        evaluator = new RuleEvaluator(rules, lateness, detectionAlerts: false, time);
        schedule = new EpochSchedule(options.Epoch, options.Bucket, kinds.MaxTimespan);
        epochs = new EpochAlertFilter(schedule);
        replays = new ReplayGuard(options.MaxBatchAge, time);
        watermarks = new NodeWatermarks(options.NodeIdleTimeout, time);
        foreach (var member in options.Members)
        {
            // A member not heard from yet holds the alliance back (up to the idle timeout): its first records may
            // be older than what a faster node already reported.
            watermarks.Expect(member.Node, options.Topic);
        }
        members = options.Members.ToDictionary(m => m.Node, m => KeyMaterial.LoadPublicKey($"federation.members[{m.Node}].public_key", m.PublicKey), StringComparer.Ordinal);
        countries = options.Members.ToDictionary(m => m.Node, m => m.Country, StringComparer.Ordinal);
        if (clickHouse is not null)
        {
            writer = new ClickHouseWriter(clickHouse.ConnectionString(), time);
            database = clickHouse.Database;
        }

        Topics = [options.Topic, FederationOptions.StrictTopic(options.Node)];
    }

    /// <summary>The topics read: the shared alliance topic and this node's own AMBER+STRICT topic.</summary>
    public IReadOnlyList<string> Topics { get; }

    public LocalIndicators Indicators { get; }

    /// <summary>The alliance watermark correlation has reached.</summary>
    public DateTimeOffset Watermark => evaluator.Watermark;

    public long BatchesAccepted => Interlocked.Read(ref accepted);

    public long BatchesRefused => Interlocked.Read(ref refused);

    /// <summary>Raised after alerts are stored.</summary>
    public event Action<IReadOnlyList<SovereignAlert>>? AlertsRaised;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken cancellationToken)
    {
        var config = KafkaClients.ManualCommit(options.Alliance.ToConsumerConfig(options.Node + "-federation-matcher"));
        // Caught up, a fetch waits this long for new data: the default 500 ms would be the hop's latency.
        config.FetchWaitMaxMs = 10;
        using var consumer = KafkaClients.Consumer<string?>(config, "federation matcher", logger).Build();
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            var found = metadata.Topics.Where(t => Topics.Contains(t.Topic) && t.Partitions.Count > 0).ToList();
            foreach (var missing in Topics.Except(found.Select(t => t.Topic)))
            {
                // Read from the start once it exists only after a restart: create the alliance topics up front.
                Log.KafkaError(logger, "matcher", $"alliance topic '{missing}' does not exist on {options.Alliance.Bootstrap}; create it (docs/sovereign-mode.md) and restart the node");
            }

            consumer.Assign(found.SelectMany(t => t.Partitions.Select(p => new TopicPartitionOffset(t.Topic, p.PartitionId, Offset.Beginning))));
        }

        var lastAdvance = time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(20));
                var moved = false;
                var accepted = result?.Message is not null
                    && Accept(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Value, result.Message.Headers) is null;
                var behind = Behind(consumer);
                if (accepted)
                {
                    var before = watermarks.Current;
                    moved = watermarks.Update(behind) > before;
                }

                // A batch that moves the alliance watermark releases windows at once: the matcher adds no linger of its own.
                if (moved || result?.Message is null || time.GetElapsedTime(lastAdvance) >= options.BatchLinger)
                {
                    Advance(behind);
                    lastAdvance = time.GetTimestamp();
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>
    /// Whether some alliance partition has messages this matcher has not read yet, by the end offsets the client last
    /// learnt from its fetches (no request is made): then a node that looks idle may have batches among them.
    /// </summary>
    private static bool Behind(IConsumer<string?, byte[]> consumer)
    {
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high != Offset.Unset && position != Offset.Unset && position.Value < high.Value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Checks and correlates one alliance message; returns null when accepted, else the refusal reason.</summary>
    internal string? Accept(string topic, int partition, long offset, byte[] value, Headers? headers)
    {
        AllianceBatch batch;
        try
        {
            batch = AllianceJson.Deserialize(value);
        }
        catch (JsonException)
        {
            return Refuse("invalid_batch", topic, partition, offset, "?");
        }

        var header = headers is not null && headers.TryGetLastBytes(BatchSignature.HeaderName, out var h) ? h : [];
        if (BatchSignature.Verify(members, batch.Node, topic, value, header) is { } bad)
        {
            return Refuse(bad, topic, partition, offset, batch.Node);
        }

        if (batch.Records.Any(r => !string.Equals(r.Country, countries[batch.Node], StringComparison.Ordinal)))
        {
            return Refuse("wrong_country", topic, partition, offset, batch.Node);
        }

        if (batch.Records.Any(r => r.Count < 1 || r.Token.Length == 0 || r.Rules.Count == 0))
        {
            return Refuse("invalid_batch", topic, partition, offset, batch.Node);
        }

        if (replays.Admit(topic, batch) is { } replay)
        {
            return Refuse(replay, topic, partition, offset, batch.Node);
        }

        Interlocked.Increment(ref accepted);
        foreach (var record in batch.Records)
        {
            Correlate(batch, record);
        }

        if (batch.Records.Count > 0)
        {
            watermarks.Active(batch.Node, topic);
        }

        if (batch.Watermark != long.MinValue)
        {
            // Event times are bucketed: an observation at or after the node's watermark is in a bucket at or after its floor.
            watermarks.Mark(batch.Node, topic, schedule.BucketOf(DateTimeOffset.FromUnixTimeMilliseconds(batch.Watermark)));
        }

        return null;
    }

    private string Refuse(string reason, string topic, int partition, long offset, string node)
    {
        Interlocked.Increment(ref refused);
        FederationInstrumentation.Refused.Add(1, new KeyValuePair<string, object?>(FederationInstrumentation.Reason, reason));
        Log.BatchRefused(logger, reason, topic, partition, offset, node);
        return reason;
    }

    private void Correlate(AllianceBatch batch, BlindedRecord record)
    {
        epochs.Learn(record.Token, record.Epoch, record.PreviousToken);
        var bucket = DateTimeOffset.FromUnixTimeMilliseconds(record.Bucket);
        watermarks.Seen(bucket + schedule.Bucket);
        foreach (var token in record.PreviousToken is null ? [record.Token] : new[] { record.Token, record.PreviousToken })
        {
            kindOfToken.TryAdd(token, record.Kind);
            tokenEpoch[token] = token == record.Token ? record.Epoch : record.Epoch - 1;
            Sighted(token, record, bucket);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [CountryField] = record.Country, [PartnerField] = record.Partner };
            foreach (var detection in record.Rules)
            {
                foreach (var feed in kinds.FeedsOf(detection).Where(f => f.Kind == record.Kind))
                {
                    // The group key is the token alone: further group-by fields were folded into it before blinding.
                    fields[feed.Fields[0]] = token;
                    foreach (var other in feed.Fields.Skip(1))
                    {
                        fields[other] = "";
                    }
                }
            }

            for (var i = 0; i < record.Count; i++)
            {
                evaluator.Correlate(new Observation
                {
                    Key = token,
                    EventId = string.Create(CultureInfo.InvariantCulture, $"{batch.Node}/{batch.Incarnation}/{batch.Sequence}/{token[..8]}/{record.Bucket}/{i}"),
                    Timestamp = record.Bucket,
                    Tlp = record.Tlp,
                    Rules = record.Rules,
                    Fields = fields,
                }, raised);
            }
        }
    }

    private void Sighted(string token, BlindedRecord record, DateTimeOffset bucket)
    {
        if (!sightings.TryGetValue(token, out var s))
        {
            s = (bucket, bucket, 0, new SortedSet<string>(StringComparer.Ordinal));
        }

        s.Countries.Add(record.Country);
        sightings[token] = (bucket < s.First ? bucket : s.First, bucket > s.Last ? bucket : s.Last, s.Count + record.Count, s.Countries);
    }

    /// <summary>Moves correlation to the alliance watermark and raises what it releases.</summary>
    internal void Advance(bool behind = false)
    {
        evaluator.AdvanceWatermark(watermarks.Update(behind), raised);
        Forget();
        if (raised.Count == 0)
        {
            return;
        }

        var alerts = new List<SovereignAlert>();
        foreach (var alert in raised.OrderBy(a => a.FirstSeen))
        {
            var token = alert.GroupKey.Split(CorrelationRule.GroupKeySeparator)[0];
            var rule = rules.FindCorrelationRule(alert.RuleId);
            if (rule is null || kinds.KindOfRule(alert.RuleId) != kindOfToken.GetValueOrDefault(token) || !epochs.Keep(alert, token, rule.Timespan))
            {
                continue;
            }

            alerts.Add(Present(alert, token, rule));
        }

        raised.Clear();
        if (alerts.Count == 0)
        {
            return;
        }

        if (writer is not null)
        {
            var rows = alerts.Select(a => AlertRows.ToRow(a.Alert)).ToList();
            var dedup = "federation/" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join(',', alerts.Select(a => a.Alert.AlertId)))));
            writer.InsertAsync($"{database}.alerts", AlertRows.Columns, rows, dedup, CancellationToken.None).GetAwaiter().GetResult();
        }

        FederationInstrumentation.AlertsRaised.Add(alerts.Count);
        AlertsRaised?.Invoke(alerts);
    }

    /// <summary>Keeps the per-token state bounded: tokens two epochs behind the watermark belong to no open window.</summary>
    private void Forget()
    {
        var watermark = evaluator.Watermark;
        if (watermark == DateTimeOffset.MinValue || watermark == DateTimeOffset.MaxValue || schedule.EpochOf(watermark) - 2 <= forgotten)
        {
            return;
        }

        forgotten = schedule.EpochOf(watermark) - 2;
        epochs.Forget(forgotten, watermark);
        foreach (var token in tokenEpoch.Where(p => p.Value < forgotten).Select(p => p.Key).ToList())
        {
            tokenEpoch.Remove(token);
            kindOfToken.Remove(token);
            sightings.Remove(token);
        }
    }

    private SovereignAlert Present(Alert alert, string token, CorrelationRule rule)
    {
        var s = sightings.GetValueOrDefault(token);
        var others = (s.Countries ?? []).Where(c => c != options.Country).ToArray();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"partners in {string.Join(", ", others.Length == 0 ? alert.Countries : others)} saw the same {rule.GroupBy[0]} between {alert.FirstSeen:yyyy-MM-dd HH:mm} and {alert.LastSeen:HH:mm} UTC, {alert.EventCount} times");
        if (Indicators.TryGetClear(token, out var clear))
        {
            var values = clear.Split(CorrelationRule.GroupKeySeparator);
            return new SovereignAlert(
                alert with
                {
                    GroupKey = clear,
                    GroupFields = rule.GroupBy.Select((name, i) => (name, value: i < values.Length ? values[i] : "")).ToDictionary(p => p.name, p => p.value, StringComparer.Ordinal),
                },
                token,
                ClearValue: true,
                summary);
        }

        return new SovereignAlert(
            alert with
            {
                GroupKey = "blinded:" + token,
                GroupFields = rule.GroupBy.ToDictionary(name => name, _ => "(seen by partners in other countries)", StringComparer.Ordinal),
            },
            token,
            ClearValue: false,
            summary);
    }

    public void Dispose()
    {
        writer?.Dispose();
        foreach (var key in members.Values)
        {
            key.Dispose();
        }
    }
}
