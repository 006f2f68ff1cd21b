using System.Net;
using System.Text;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Configuration;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>Builds agent options for tests: a temporary state directory, a test topic, and the inputs given.</summary>
internal static class TestAgent
{
    public const string Partner = "ee-cert";
    public const string Country = "EE";
    public const string Sensor = "sensor-test";
    public const string KeyId = "test-key";
    public static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");

    public static AgentOptions Options(
        string dataDir,
        string bootstrap,
        string topic,
        IReadOnlyList<InputOptions> inputs,
        long spoolBytes = 64L * 1024 * 1024,
        SpoolFullPolicy whenFull = SpoolFullPolicy.Block,
        TimeSpan? deliveryTimeout = null,
        int maxEvents = 500,
        int maxMessageBytes = DeliveryOptions.DefaultMaxMessageBytes,
        int batchMaxBytes = BatchOptions.DefaultMaxBytes) => new()
        {
            Identity = new IdentityOptions { Partner = Partner, Country = Country, Name = Sensor, DataDir = dataDir },
            IngestKey = new IngestKeyOptions { KeyId = KeyId, Secret = Secret },
            Kafka = new KafkaOptions { Bootstrap = bootstrap },
            Inputs = inputs,
            Spool = new SpoolOptions { Dir = Path.Combine(dataDir, "spool"), MaxBytes = spoolBytes, WhenFull = whenFull },
            Batch = new BatchOptions { MaxEvents = maxEvents, MaxBytes = batchMaxBytes, Linger = TimeSpan.FromMilliseconds(20) },
            Delivery = new DeliveryOptions
            {
                Topic = topic,
                DeadLetterTopic = topic + ".dlq",
                Timeout = deliveryTimeout ?? TimeSpan.FromSeconds(30),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
                MaxMessageBytes = maxMessageBytes,
            },
            Telemetry = new TelemetryOptions(),
        };

    public static InputOptions FileInput(params string[] paths) =>
        new() { Name = "files", Type = InputType.File, Paths = paths, Format = InputFormat.Auto, PollInterval = TimeSpan.FromMilliseconds(20) };

    public static InputOptions Syslog(InputType type) =>
        new() { Name = type.ToString(), Type = type, Listen = new IPEndPoint(IPAddress.Loopback, 0) };

    /// <summary>The broker's message limit as the agent enforces it, with the test identity and key.</summary>
    public static MessageLimit Limit(AgentTelemetry telemetry, int maxBytes = DeliveryOptions.DefaultMaxMessageBytes, string deadLetterTopic = "events.dlq") =>
        new(maxBytes, Secret, Partner, Sensor, deadLetterTopic, telemetry, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    public static NormalizerOptions Normalizer() => new() { Partner = Partner, Country = Country, Sensor = Sensor };
}
