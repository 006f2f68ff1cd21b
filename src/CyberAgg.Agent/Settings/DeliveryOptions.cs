using CyberAgg.Events;

namespace CyberAgg.Agent.Settings;

/// <summary>How hard delivery tries before the spool takes over (section <c>delivery</c>).</summary>
internal sealed class DeliveryOptions
{
    public string Topic { get; init; } = KafkaTopicNames.Events;

    public string DeadLetterTopic { get; init; } = KafkaTopicNames.DeadLetter;

    /// <summary>librdkafka's <c>message.timeout.ms</c>: a batch not acknowledged by then goes to the spool.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes handed to Kafka and not yet acknowledged; beyond this, batches go to the spool ("Kafka is slow").</summary>
    public long MaxInFlightBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>How long shutdown waits for acknowledgements before spooling what is left.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
