using System.Collections.Concurrent;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Api.Hosting;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Storage.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Api.Stream;

/// <summary>
/// Follows <c>cyberagg.alerts.v1</c> from its end on every partition (no consumer group: every API instance needs
/// every alert) and fans alerts out to SSE clients, keeping the last ones in a ring for <c>Last-Event-ID</c> resumes.
/// </summary>
internal sealed class AlertFeed : BackgroundService
{
    private readonly KafkaOptions kafka;
    private readonly string topic;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly AlertKeyRing keys;
    private readonly FeedEntry?[] ring;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<FeedSubscription, byte> subscribers = new();
    private long sequence;
    private volatile bool ready;

    public AlertFeed(ApiOptions options, AlertKeyRing keys, TimeProvider time, ILogger<AlertFeed> logger)
    {
        this.keys = keys;
        kafka = options.Kafka;
        topic = options.AlertsTopic;
        this.time = time;
        this.logger = logger;
        ring = new FeedEntry?[options.StreamBuffer];
    }

    /// <summary>Changes at every start, so an id from a previous run is recognised as such.</summary>
    public string Epoch { get; } = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    /// <summary>True once every partition is assigned: alerts produced from now on reach the stream.</summary>
    public bool Ready => ready;

    /// <summary>Adds an alert version (from Kafka, or a status change made through this API).</summary>
    public void Publish(Alert alert) => Publish(new StoredAlert(alert, "", alert.RaisedAt));

    public void Publish(StoredAlert alert)
    {
        FeedEntry entry;
        lock (gate)
        {
            entry = new FeedEntry(++sequence, alert);
            ring[entry.Sequence % ring.Length] = entry;
        }

        foreach (var subscriber in subscribers.Keys)
        {
            subscriber.Offer(entry);
        }
    }

    /// <summary>Subscribes and returns what was missed after <paramref name="after"/>; null when it is no longer buffered.</summary>
    public FeedSubscription Subscribe(long? after, out IReadOnlyList<FeedEntry>? missed)
    {
        var subscription = new FeedSubscription(1000);
        lock (gate)
        {
            subscribers[subscription] = 0;
            missed = null;
            if (after is { } last)
            {
                var oldest = Math.Max(1, sequence - ring.Length + 1);
                missed = last + 1 < oldest || last > sequence
                    ? null
                    : Enumerable.Range(0, (int)(sequence - last)).Select(i => ring[(last + 1 + i) % ring.Length]!).ToArray();
            }
        }

        return subscription;
    }

    public void Unsubscribe(FeedSubscription subscription)
    {
        subscribers.TryRemove(subscription, out _);
        subscription.Complete();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // The feed assigns itself the end of every partition and never commits: a live view, not a consumer of record.
        using var consumer = KafkaClients.Consumer<byte[]?>(KafkaClients.ManualCommit(kafka.ToConsumerConfig("cyberagg-api-" + Epoch)), "api alert feed", logger).Build();
        using var admin = KafkaClients.Admin(kafka.ToProducerConfig(), "api alert feed", logger);
        try
        {
            var partitions = await WaitForPartitionsAsync(admin, cancellationToken);
            var start = partitions.Select(p =>
            {
                var tp = new TopicPartition(topic, p);
                return new TopicPartitionOffset(tp, consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High);
            }).ToList();
            consumer.Assign(start);
            ready = true;
            Log.FeedAssigned(logger, topic, start.Count);
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(cancellationToken);
                if (result?.Message?.Value is null)
                {
                    continue;
                }

                var signature = result.Message.Headers?.TryGetLastBytes(AlertSignature.HeaderName, out var s) == true ? s : [];
                if (AlertSignature.Verify(keys, result.Topic, result.Message.Value, signature) is { } refused)
                {
                    Log.FeedUnverified(logger, result.Topic, result.Partition.Value, result.Offset.Value, refused);
                    ApiInstrumentation.StreamRefused.Add(1);
                    continue;
                }

                try
                {
                    Publish(AlertJson.Deserialize(result.Message.Value));
                    ApiInstrumentation.StreamAlerts.Add(1);
                }
                catch (JsonException e)
                {
                    Log.FeedMalformed(logger, result.Topic, result.Partition.Value, result.Offset.Value, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            consumer.Close();
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Complete();
            }
        }
    }

    private async Task<int[]> WaitForPartitionsAsync(IAdminClient admin, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(5));
                var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
                if (found is { Error.IsError: false } && found.Partitions.Count > 0)
                {
                    return found.Partitions.Select(p => p.PartitionId).ToArray();
                }

                Log.FeedWaiting(logger, topic, found?.Error.Reason ?? "no partitions yet");
            }
            catch (KafkaException e)
            {
                Log.FeedWaiting(logger, topic, e.Error.Reason);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }
    }
}
