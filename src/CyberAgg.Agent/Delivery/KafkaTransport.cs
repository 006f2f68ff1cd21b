using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Configuration;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Delivery;

/// <summary>
/// The Kafka producer: idempotent, <c>acks=all</c>, lz4. Rebuilt after a fatal error (for instance an idempotence
/// sequence the broker refuses), since librdkafka cannot recover one in place.
/// </summary>
internal sealed class KafkaTransport : IBatchTransport
{
    private readonly ProducerConfig _config;
    private readonly ILogger _logger;
    private readonly AgentTelemetry _telemetry;
    private readonly Lock _lock = new();
    private IProducer<byte[]?, byte[]> _producer;
    private volatile bool _fatal;

    public KafkaTransport(KafkaOptions kafka, BatchOptions batch, DeliveryOptions delivery, ILogger logger, AgentTelemetry telemetry)
    {
        _logger = logger;
        _telemetry = telemetry;
        _config = CreateConfig(kafka, batch, delivery);
        _producer = Build();
    }

    public static ProducerConfig CreateConfig(KafkaOptions kafka, BatchOptions batch, DeliveryOptions delivery)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        var config = kafka.ToProducerConfig();
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        config.CompressionType = CompressionType.Lz4;
        config.LingerMs = 5;
        config.MessageTimeoutMs = (int)delivery.Timeout.TotalMilliseconds;
        // The broker's limit: librdkafka then refuses locally what the broker would refuse. The agent's own
        // MessageLimit keeps every message under it, so this is a second fence, not the mechanism.
        ArgumentNullException.ThrowIfNull(batch);
        config.MessageMaxBytes = delivery.MaxMessageBytes;
        // The agent bounds what is in flight itself and spools the rest; librdkafka's queue need not hold more.
        config.QueueBufferingMaxKbytes = (int)Math.Clamp(delivery.MaxInFlightBytes / 1024 * 2, 16 * 1024, 1024 * 1024);
        config.ReconnectBackoffMs = 100;
        config.ReconnectBackoffMaxMs = 2000;
        config.ClientId = "cyberagg-agent";
        return config;
    }

    public async Task SendAsync(OutboundBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var producer = Current();
        var sends = new Task[batch.Messages.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            var message = batch.Messages[i];
            var headers = new Headers();
            foreach (var (name, value) in message.Headers)
            {
                headers.Add(name, value);
            }

            sends[i] = producer.ProduceAsync(message.Topic, new Message<byte[]?, byte[]> { Key = message.Key, Value = message.Value, Headers = headers }, cancellationToken);
        }

        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    public void Flush(TimeSpan timeout) => Current().Flush(timeout);

    public void Dispose()
    {
        lock (_lock)
        {
            _producer.Dispose();
        }
    }

    private IProducer<byte[]?, byte[]> Current()
    {
        if (!_fatal)
        {
            return _producer;
        }

        lock (_lock)
        {
            if (_fatal)
            {
                var old = _producer;
                _producer = Build();
                _fatal = false;
                // Outstanding messages of the dead producer fail and are spooled by their senders.
                old.Dispose();
            }

            return _producer;
        }
    }

    private IProducer<byte[]?, byte[]> Build() =>
        KafkaClients.Producer<byte[]?>(_config, "agent", _logger, error =>
        {
            if (error.IsFatal)
            {
                _fatal = true;
            }

            _telemetry.Error(TagNames.ErrorTypes.ConnectionFailed, TagNames.Stages.Sending);
        });
}
