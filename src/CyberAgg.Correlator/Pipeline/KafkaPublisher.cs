using Confluent.Kafka;
using CyberAgg.Events.Alerts;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Writers;
using Polly;
using Polly.Retry;
using CyberAgg.Events;
using CyberAgg.Configuration.Kafka;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Publishes alerts and dead letters to Kafka with an idempotent producer and waits for every acknowledgement.</summary>
internal sealed class KafkaPublisher : IIndicatorPublisher, IDisposable
{
    public const string AlertsTopic = KafkaTopicNames.Alerts;
    public const string DeadLetterTopic = DeadLetterMessages.Topic;
    private readonly IProducer<string, byte[]> producer;
    private int? indicatorPartitions;

    // librdkafka already retries inside message.timeout.ms; this covers a message that timed out or found the queue
    // full during a long outage. Re-sending is safe: alerts, observations and dead letters are idempotent by content.
    private readonly ResiliencePipeline retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            ShouldHandle = new PredicateBuilder().Handle<ProduceException<string, byte[]>>(e => !e.Error.IsFatal),
        })
        .Build();

    public KafkaPublisher(ProducerConfig config, Microsoft.Extensions.Logging.ILogger logger)
    {
        // Reliable rides out a broker outage; the batch is only committed once these are acknowledged.
        producer = KafkaClients.Producer<string>(KafkaClients.Reliable(config), "correlator publisher", logger);
    }

    /// <summary>Keyed by group key, so one indicator's alerts stay ordered on one partition.</summary>
    public Task PublishAlertsAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        Task.WhenAll(alerts.Select(a => AlertJson.Serialize(a)).Zip(alerts, (value, a) => ProduceAsync(AlertsTopic, new Message<string, byte[]>
        {
            Key = a.GroupKey,
            Value = value,
            // Consumers (sharing service, API live feed) refuse alerts that do not verify (DESIGN §6).
            Headers = new Headers
            {
                { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() },
                { AlertSignature.HeaderName, AlertSignature.Sign(AlertKeyRing.Process.Current, AlertsTopic, value) },
            },
        }, cancellationToken)));

    /// <summary>Keyed by indicator, so every observation of one indicator lands on one partition of the indicators topic.</summary>
    public Task PublishObservationsAsync(string topic, IReadOnlyList<Evaluation.Observation> observations, CancellationToken cancellationToken) =>
        Task.WhenAll(observations.Select(o => ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = o.Key,
            Value = Evaluation.ObservationJson.Serialize(o),
        }, cancellationToken)));

    /// <summary>
    /// Sends a watermark marker to every partition of the indicators topic, after the observations before it were
    /// acknowledged, so the indicator stage knows this source sends nothing older there.
    /// </summary>
    public Task PublishWatermarkAsync(string topic, string source, DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        if (watermark == DateTimeOffset.MinValue)
        {
            return Task.CompletedTask;
        }

        indicatorPartitions ??= PartitionCount(topic);
        var value = System.Text.Encoding.ASCII.GetBytes(watermark.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var from = System.Text.Encoding.UTF8.GetBytes(source);
        return Task.WhenAll(Enumerable.Range(0, indicatorPartitions.Value).Select(p => ProduceAsync(new TopicPartition(topic, p), new Message<string, byte[]>
        {
            Key = "",
            Value = [],
            Headers = new Headers { { KafkaHeaderNames.Watermark, value }, { KafkaHeaderNames.WatermarkSource, from } },
        }, cancellationToken)));
    }

    private int PartitionCount(string topic)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var count = metadata.Topics.FirstOrDefault(t => t.Topic == topic)?.Partitions.Count ?? 0;
        return count > 0 ? count : throw new InvalidOperationException($"Topic '{topic}' has no partitions; create it before running a scaled-out correlator.");
    }

    public Task PublishDeadLettersAsync(IReadOnlyList<DeadLetterRecord> records, CancellationToken cancellationToken) =>
        Task.WhenAll(records.Select(r => ProduceAsync(DeadLetterTopic, DeadLetterMessages.For(r.Partner, r.Original, r.Reason, r.Topic, r.KafkaPartition, r.KafkaOffset, r.Detail), cancellationToken)));

    private Task<DeliveryResult<string, byte[]>> ProduceAsync(string topic, Message<string, byte[]> message, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await producer.ProduceAsync(topic, message, ct), cancellationToken).AsTask();

    private Task<DeliveryResult<string, byte[]>> ProduceAsync(TopicPartition partition, Message<string, byte[]> message, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async ct => await producer.ProduceAsync(partition, message, ct), cancellationToken).AsTask();

    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }
}
