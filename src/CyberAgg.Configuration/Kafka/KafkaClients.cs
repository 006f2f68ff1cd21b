using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Configuration.Kafka;

/// <summary>
/// The one place Kafka clients are built: every producer, consumer and admin client of the product (correlator,
/// sharing service, API feed, agent, federation, simulator, bench, soak) comes from here, so they share the same
/// connection settings (<see cref="KafkaOptions"/>), the same delivery guarantees and the same error and log handling:
/// client errors are logged through <see cref="ILogger"/> with the client's role, at most once per role and error
/// code every <see cref="KafkaErrorLog.Interval"/>, and librdkafka's own lines (critical ones only) go to the logger
/// for producers and admin clients.
/// </summary>
public static class KafkaClients
{
    /// <summary>
    /// Settings for everything the product writes and must not lose or duplicate (events, alerts, dead letters,
    /// shared alerts, observations): idempotent, acknowledged by all in-sync replicas, lz4, a short linger, and a
    /// message timeout long enough to ride out a broker outage (the caller learns of a failure, never a silent drop).
    /// </summary>
    public static ProducerConfig Reliable(ProducerConfig config, int lingerMs = 2)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        config.CompressionType = CompressionType.Lz4;
        config.LingerMs = lingerMs;
        config.MessageTimeoutMs = 300_000;
        return config;
    }

    /// <summary>The shared connection settings for a bootstrap list alone (tools and harnesses on the embedded Kafka).</summary>
    public static ProducerConfig Connection(string bootstrap) => new KafkaOptions { Bootstrap = bootstrap }.ToProducerConfig();

    /// <summary>A reliable producer configuration for a bootstrap list alone.</summary>
    public static ProducerConfig Reliable(string bootstrap, int lingerMs = 2) => Reliable(Connection(bootstrap), lingerMs);

    /// <summary>
    /// Settings for a consumer that commits what it has finished itself (<see cref="OffsetCommits"/>): no automatic
    /// commits or offset stores, a new group starts at the earliest offset, cooperative rebalancing.
    /// </summary>
    public static ConsumerConfig ManualCommit(ConsumerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.EnableAutoCommit = false;
        config.EnableAutoOffsetStore = false;
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        return config;
    }

    /// <summary>A consumer configuration for a bootstrap list alone; see <see cref="ManualCommit(ConsumerConfig)"/>.</summary>
    public static ConsumerConfig ManualCommit(string bootstrap, string groupId) =>
        ManualCommit(new KafkaOptions { Bootstrap = bootstrap }.ToConsumerConfig(groupId));

    /// <summary>Builds a producer with the shared error and log handling; <paramref name="onError"/> sees every error first.</summary>
    public static IProducer<TKey, byte[]> Producer<TKey>(ProducerConfig config, string role, ILogger? logger = null, Action<Error>? onError = null)
    {
        var log = new KafkaErrorLog(role, logger ?? NullLogger.Instance);
        return new ProducerBuilder<TKey, byte[]>(config)
            .SetErrorHandler((_, e) => { onError?.Invoke(e); log.Error(e); })
            .SetLogHandler((_, m) => log.Line(m))
            .Build();
    }

    /// <summary>
    /// A consumer builder with the shared error handling; the caller adds its rebalance handlers and builds it.
    /// </summary>
    /// <remarks>
    /// No log handler: with one set, a consumer group of two correlators never finished its cooperative rebalance (the
    /// second member got no partition within 90 s in <c>ScaleOutTests</c>). The shared connection settings keep
    /// librdkafka's own lines to critical ones, and errors still come through the error handler.
    /// </remarks>
    public static ConsumerBuilder<TKey, byte[]> Consumer<TKey>(ConsumerConfig config, string role, ILogger? logger = null, Action<Error>? onError = null) =>
        WithErrorHandling(new ConsumerBuilder<TKey, byte[]>(config), role, logger, onError);

    /// <summary>
    /// <see cref="Consumer{TKey}"/> with values in pooled arrays (<see cref="PooledBytes"/>), for a consumer that reads
    /// each value once, right after it is consumed, and returns it.
    /// </summary>
    public static ConsumerBuilder<TKey, PooledBytes> PooledConsumer<TKey>(ConsumerConfig config, string role, ILogger? logger = null, Action<Error>? onError = null) =>
        WithErrorHandling(new ConsumerBuilder<TKey, PooledBytes>(config), role, logger, onError).SetValueDeserializer(PooledBytes.Deserializer.Instance);

    private static ConsumerBuilder<TKey, TValue> WithErrorHandling<TKey, TValue>(ConsumerBuilder<TKey, TValue> builder, string role, ILogger? logger, Action<Error>? onError)
    {
        var log = new KafkaErrorLog(role, logger ?? NullLogger.Instance);
        return builder.SetErrorHandler((_, e) => { onError?.Invoke(e); log.Error(e); });
    }

    /// <summary>Builds an admin client with the shared error and log handling.</summary>
    public static IAdminClient Admin(ClientConfig config, string role, ILogger? logger = null, Action<Error>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var log = new KafkaErrorLog(role, logger ?? NullLogger.Instance);
        return new AdminClientBuilder(new AdminClientConfig(config))
            .SetErrorHandler((_, e) => { onError?.Invoke(e); log.Error(e); })
            .SetLogHandler((_, m) => log.Line(m))
            .Build();
    }

    /// <summary>An admin client for a bootstrap list alone.</summary>
    public static IAdminClient Admin(string bootstrap, string role, ILogger? logger = null) =>
        Admin(Connection(bootstrap), role, logger);
}
