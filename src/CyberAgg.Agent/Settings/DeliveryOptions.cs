using CyberAgg.Events;

namespace CyberAgg.Agent.Settings;

/// <summary>How hard delivery tries before the spool takes over (section <c>delivery</c>).</summary>
internal sealed class DeliveryOptions
{
    public string Topic { get; init; } = KafkaTopicNames.Events;

    public string DeadLetterTopic { get; init; } = KafkaTopicNames.DeadLetter;

    /// <summary>librdkafka's <c>message.timeout.ms</c>: a batch not acknowledged by then goes to the spool.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bytes handed to Kafka and not yet acknowledged. A full window holds the pipeline back (the inputs' own buffers
    /// and files wait) while Kafka keeps acknowledging; when it acknowledges nothing for a second, batches go to the
    /// spool ("Kafka is slow"). 1 MiB by default: on loopback 1 MiB kept 100k+ events/s, and every MiB more is about
    /// 2–3 MiB more peak RSS (the batch, librdkafka's copy, its compressed form; benchmarks/agent/README.md). The window
    /// caps throughput at about window ÷ round trip: raise it for a distant broker (4 MiB for 20 MB/s at 200 ms).
    /// </summary>
    public long MaxInFlightBytes { get; init; } = DefaultMaxInFlightBytes;

    public const long DefaultMaxInFlightBytes = 1L * 1024 * 1024;

    /// <summary>
    /// The broker's limit on one message (Kafka's <c>message.max.bytes</c>, or the topic's <c>max.message.bytes</c>):
    /// larger batches are split, and an event too large on its own is dead-lettered. 1,000,000 by default, under
    /// Kafka's default of 1,048,588; the embedded Kafka keeps 5 MiB a partition, so anything near that would be lost.
    /// </summary>
    public int MaxMessageBytes { get; init; } = DefaultMaxMessageBytes;

    public const int DefaultMaxMessageBytes = 1_000_000;

    /// <summary>How long shutdown waits for acknowledgements before spooling what is left.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
