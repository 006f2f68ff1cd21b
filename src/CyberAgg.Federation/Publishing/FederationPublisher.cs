using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Oprf;
using CyberAgg.Federation.Wire;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Loading;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Publishing;

/// <summary>
/// A node's outbound half: consumes the node's own re-keyed observations (<c>cyberagg.indicators.v1</c>, written by
/// the correlator in scale-out mode), keeps TLP:RED home, blinds each indicator, aggregates per bucket, and publishes
/// signed batches with the node's watermark on the alliance topic. Offsets are committed once the alliance acked.
/// </summary>
/// <remarks>
/// On start it re-reads the retained local topic up to its committed offsets only to relearn the tokens of its own
/// values (<see cref="LocalIndicators"/>), so a restarted node still shows its analysts the clear values it saw.
/// </remarks>
public sealed partial class FederationPublisher : IDisposable
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);
    private readonly FederationOptions options;
    private readonly string localTopic;
    private readonly KafkaOptions local;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly IndicatorKinds kinds;
    private readonly IndicatorBlinder? blinder;
    private readonly EpochSchedule schedule;
    private readonly ECDsa signingKey;
    private readonly MarkerWatermarks watermarks;
    private readonly RecordAggregator aggregator = new();
    private readonly Dictionary<int, long> resumeAt = [];
    private readonly Dictionary<int, long> pending = [];
    private readonly Dictionary<string, (long Watermark, long SentAt)> lastSent = new(StringComparer.Ordinal);
    private readonly string incarnation = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly IProducer<string, byte[]> producer;
    private long sequence;
    private long forgotten = long.MinValue;
    private long messages;
    private long bytes;

    public FederationPublisher(FederationOptions options, KafkaOptions local, string localTopic, TimeSpan idleTimeout, RuleSet rules, LocalIndicators indicators, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.local = local;
        this.localTopic = localTopic;
        this.logger = logger;
        Indicators = indicators;
        time = timeProvider ?? TimeProvider.System;
        kinds = new IndicatorKinds(rules);
        kinds.RequireEpochCovers(options.Epoch);
        if (options.UsesOprf)
        {
            (oprf, keyService) = (new OprfTokenClient(options, logger, time), options.IsKeyService ? new KeyService(options, logger, time) : null);
        }
        else
        {
            blinder = new IndicatorBlinder(KeyMaterial.Read("federation.blinding_secret", options.BlindingSecret));
        }

        schedule = new EpochSchedule(options.Epoch, options.Bucket, kinds.MaxTimespan);
        signingKey = KeyMaterial.LoadSigningKey("federation.signing_key", options.SigningKey);
        watermarks = new MarkerWatermarks(idleTimeout, time);
        producer = KafkaClients.Producer<string>(KafkaClients.Reliable(options.Alliance.ToProducerConfig(), lingerMs: 5), "federation publisher", logger);
        Topics = [options.Topic, .. (options.AmberStrictTo.Count == 0 ? [] : options.AmberStrictTo.Append(options.Node).Distinct(StringComparer.Ordinal).Select(FederationOptions.StrictTopic))];
    }

    /// <summary>The alliance topics this node publishes on: the shared one and the AMBER+STRICT recipients' own.</summary>
    public IReadOnlyList<string> Topics { get; }

    public LocalIndicators Indicators { get; }

    /// <summary>Messages (signed batches) published on the alliance since start.</summary>
    public long MessagesSent => Interlocked.Read(ref messages);

    /// <summary>Bytes (values and headers) published on the alliance since start.</summary>
    public long BytesSent => Interlocked.Read(ref bytes);

    /// <summary>Local observations kept home since start (TLP:RED, AMBER+STRICT without recipients, foreign partners).</summary>
    public long Withheld { get; private set; }

    /// <summary>Local observations blinded and published since start.</summary>
    public long Published { get; private set; }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll([Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default), .. RunOprf(cancellationToken)]);

    private void Loop(CancellationToken cancellationToken)
    {
        var config = KafkaClients.ManualCommit(local.ToConsumerConfig(options.Node + "-federation"));
        // Caught up, a fetch waits this long for new data: the default 500 ms would be the hop's latency.
        config.FetchWaitMaxMs = 10;
        // One publisher per node: it assigns itself every partition instead of joining a group, so a restarted node
        // resumes at once from its committed offsets rather than waiting out the previous member's session.
        using var consumer = KafkaClients.Consumer<string?>(config, "federation publisher", logger).Build();
        List<TopicPartition> partitions;
        using (var admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            partitions = admin.GetMetadata(localTopic, TimeSpan.FromSeconds(10)).Topics.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))).ToList();
        }

        foreach (var p in consumer.Committed(partitions, TimeSpan.FromSeconds(10)))
        {
            resumeAt[p.Partition.Value] = p.Offset.Value >= 0 ? p.Offset.Value : 0;
        }

        // From the start of what is retained: offsets before the committed one only relearn local tokens.
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var lingerStart = time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(20));
                if (result?.Message is not null)
                {
                    if (oprf is null)
                    {
                        Handle(result);
                    }
                    else
                    {
                        // oprf mode: one evaluation request per key service for the interval's new values.
                        unhandled.Add(result);
                    }
                }

                if (time.GetElapsedTime(lingerStart) >= options.BatchLinger)
                {
                    HandleUnhandled(cancellationToken);
                    Flush(consumer);
                    lingerStart = time.GetTimestamp();
                }
            }
        }
        finally
        {
            Flush(consumer);
            try
            {
                consumer.Close();
            }
            catch (KafkaException e)
            {
                // Offsets were committed by the flush above; a failed leave only delays the group's next rebalance.
                Log.KafkaError(logger, "publisher", "closing the consumer: " + e.Error.Reason);
            }
        }
    }

    private void Handle(ConsumeResult<string?, byte[]> result)
    {
        var partition = result.Partition.Value;
        var replaying = result.Offset.Value < resumeAt.GetValueOrDefault(partition);
        if (!replaying)
        {
            pending[partition] = result.Offset.Value;
        }

        if (Marker(result) is { } marker)
        {
            watermarks.Mark(partition, marker.Source, marker.Watermark);
            return;
        }

        Observation observation;
        try
        {
            observation = ObservationJson.Deserialize(result.Message.Value);
        }
        catch (JsonException)
        {
            Log.ObservationSkipped(logger, result.Topic, partition, result.Offset.Value, "invalid_observation");
            return;
        }

        var blinded = Blind(observation, out var reason);
        foreach (var record in blinded)
        {
            if (replaying)
            {
                continue;
            }

            foreach (var topic in TopicsFor(record.Tlp))
            {
                aggregator.Add(topic, record);
            }

            Published++;
        }

        if (reason is not null && !replaying)
        {
            Withheld++;
            FederationInstrumentation.Withheld.Add(1, new KeyValuePair<string, object?>(FederationInstrumentation.Reason, reason));
        }
    }

    /// <summary>The blinded records of one observation (one per indicator kind), or none with the reason it stays home.</summary>
    internal List<BlindedRecord> Blind(Observation observation, out string? withheld)
    {
        withheld = null;
        var records = new List<BlindedRecord>();
        var bucket = schedule.BucketOf(DateTimeOffset.FromUnixTimeMilliseconds(observation.Timestamp));
        var epoch = schedule.EpochOf(bucket);
        // An unreadable label is treated as the strictest: it never leaves.
        var tlp = TlpNames.ParseOrRed(observation.Tlp);
        if (tlp == Tlp.Red)
        {
            // Kept home, but remembered: the clear-value exchange must never release a value this node saw as RED.
            foreach (var kind in KindsOf(observation).Keys)
            {
                if (Token(epoch, kind, observation.Key) is { } red)
                {
                    Indicators.LearnRed(red, epoch);
                }

                if (schedule.CarriesPrevious(bucket) && Token(epoch - 1, kind, observation.Key) is { } previousRed)
                {
                    Indicators.LearnRed(previousRed, epoch - 1);
                }
            }

            withheld = "tlp_red";
            return records;
        }

        if (tlp == Tlp.AmberStrict && options.AmberStrictTo.Count == 0)
        {
            withheld = "amber_strict";
            return records;
        }

        var partner = observation.Fields.GetValueOrDefault(EcsFieldNames.ObserverPartner) ?? "";
        var country = observation.Fields.GetValueOrDefault(EcsFieldNames.ObserverCountry) ?? "";
        if (!options.Partners.Contains(partner, StringComparer.Ordinal) || !string.Equals(country, options.Country, StringComparison.Ordinal))
        {
            // Publishing a partner this node does not hold would speak for another member.
            withheld = "foreign_partner";
            return records;
        }

        var kindsOf = KindsOf(observation);
        if (kindsOf.Keys.Any(kind => Token(epoch, kind, observation.Key) is null || (schedule.CarriesPrevious(bucket) && Token(epoch - 1, kind, observation.Key) is null)))
        {
            // oprf mode, and a key service refused or did not answer: counted and logged at the request, never guessed.
            withheld = "oprf_unavailable";
            return records;
        }

        foreach (var (kind, rules) in kindsOf)
        {
            var token = Token(epoch, kind, observation.Key)!;
            Indicators.Learn(token, observation.Key, epoch, kind, tlp);
            string? previous = null;
            if (schedule.CarriesPrevious(bucket))
            {
                previous = Token(epoch - 1, kind, observation.Key)!;
                Indicators.Learn(previous, observation.Key, epoch - 1, kind, tlp);
            }

            records.Add(new BlindedRecord
            {
                Token = token,
                PreviousToken = previous,
                Epoch = epoch,
                Kind = kind,
                Country = country,
                Partner = partner,
                Bucket = bucket.ToUnixTimeMilliseconds(),
                Tlp = tlp.ToName(),
                Rules = rules.ToArray(),
                Count = 1,
            });
        }

        return records;
    }

    /// <summary>The indicator kinds the observation feeds, with the detection rules that feed each.</summary>
    private SortedDictionary<string, SortedSet<string>> KindsOf(Observation observation)
    {
        var byKind = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var detection in observation.Rules)
        {
            foreach (var feed in kinds.FeedsOf(detection))
            {
                var values = new string[feed.Fields.Length];
                var complete = true;
                for (var i = 0; i < values.Length && complete; i++)
                {
                    complete = observation.Fields.TryGetValue(feed.Fields[i], out values[i]!);
                }

                if (!complete || !string.Equals(string.Join(CorrelationRule.GroupKeySeparator, values), observation.Key, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!byKind.TryGetValue(feed.Kind, out var rules))
                {
                    rules = new SortedSet<string>(StringComparer.Ordinal);
                    byKind[feed.Kind] = rules;
                }

                rules.Add(detection);
            }
        }

        return byKind;
    }

    private IEnumerable<string> TopicsFor(string tlp) =>
        tlp == Tlp.AmberStrict.ToName() ? Topics.Skip(1) : [options.Topic];

    private void Flush(IConsumer<string?, byte[]> consumer)
    {
        var watermark = watermarks.Update();
        var wm = watermark == DateTimeOffset.MinValue ? long.MinValue : watermark.ToUnixTimeMilliseconds();
        if (watermark != DateTimeOffset.MinValue && schedule.EpochOf(watermark) - 2 > forgotten)
        {
            // Windows are at most one epoch long, so tokens two epochs behind the watermark are never shown again.
            forgotten = schedule.EpochOf(watermark) - 2;
            Indicators.ForgetBefore(forgotten);
            oprf?.ForgetBefore(forgotten);
        }

        var deliveries = new List<Task>();
        foreach (var topic in Topics)
        {
            var records = aggregator.Drain(topic);
            var previous = lastSent.GetValueOrDefault(topic, (long.MinValue, 0));
            if (records.Count == 0 && previous.Watermark == wm && time.GetElapsedTime(previous.SentAt) < Heartbeat)
            {
                continue;
            }

            var batch = new AllianceBatch
            {
                Node = options.Node,
                Incarnation = incarnation,
                Sequence = ++sequence,
                CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
                Watermark = wm,
                Records = records,
            };
            var value = AllianceJson.Serialize(batch);
            var signature = BatchSignature.Sign(signingKey, options.Node, topic, value);
            var message = new Message<string, byte[]>
            {
                Key = options.Node,
                Value = value,
                Headers = new Headers { { BatchSignature.HeaderName, signature }, { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() } },
            };
            var size = value.Length + signature.Length + BatchSignature.HeaderName.Length + KafkaHeaderNames.ContentType.Length + 16 + options.Node.Length;
            deliveries.Add(producer.ProduceAsync(topic, message).ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        Interlocked.Increment(ref messages);
                        Interlocked.Add(ref bytes, size);
                        FederationInstrumentation.BatchesSent.Add(1);
                        FederationInstrumentation.BytesSent.Add(size);
                        FederationInstrumentation.RecordsSent.Add(records.Count);
                    }

                    return t;
                },
                TaskScheduler.Default).Unwrap());
            lastSent[topic] = (wm, time.GetTimestamp());
        }

        // Offsets move only when the alliance holds what they covered: a crash re-publishes, it never loses.
        Task.WhenAll(deliveries).GetAwaiter().GetResult();
        if (pending.Count > 0)
        {
            OffsetCommits.Commit(consumer, pending.Select(p => new TopicPartitionOffset(localTopic, p.Key, p.Value + 1)).ToList(), logger, "federation publisher");
            pending.Clear();
        }
    }

    private static (string Source, DateTimeOffset Watermark)? Marker(ConsumeResult<string?, byte[]> result)
    {
        if (result.Message.Headers is not { } headers
            || !headers.TryGetLastBytes(KafkaHeaderNames.Watermark, out var value)
            || !long.TryParse(System.Text.Encoding.ASCII.GetString(value), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return null;
        }

        var source = headers.TryGetLastBytes(KafkaHeaderNames.WatermarkSource, out var from) ? System.Text.Encoding.UTF8.GetString(from) : "";
        return (source, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
    }

    public void Dispose()
    {
        producer.Dispose();
        signingKey.Dispose();
        oprf?.Dispose();
        keyService?.Dispose();
    }
}
