using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration;

/// <summary>How to reach Kafka (section <c>kafka</c>); shared by the agent and the correlator.</summary>
public sealed class KafkaOptions
{
    /// <summary>Comma-separated bootstrap brokers.</summary>
    [ConfigurationKeyName("bootstrap")]
    public string Bootstrap { get; set; } = "127.0.0.1:19092";

    /// <summary>plaintext, ssl, sasl_plaintext or sasl_ssl.</summary>
    [ConfigurationKeyName("security_protocol")]
    public string SecurityProtocol { get; set; } = "plaintext";

    /// <summary>SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, when a sasl_* protocol is used.</summary>
    [ConfigurationKeyName("sasl_mechanism")]
    public string? SaslMechanism { get; set; }

    [ConfigurationKeyName("username")]
    public string? Username { get; set; }

    /// <summary>A secret: write <c>${env:NAME}</c> or <c>${file:/path}</c>, never the password itself.</summary>
    [ConfigurationKeyName("password")]
    public string? Password { get; set; }

    /// <summary>CA certificate (PEM) that signed the brokers' certificates.</summary>
    [ConfigurationKeyName("ca_file")]
    public string? CaFile { get; set; }

    /// <summary>
    /// How long the group coordinator waits for a consumer that stopped heart-beating (a crash, kill -9) before it
    /// hands that consumer's partitions to the others, or to the same process started again: the longest a crash
    /// delays consumption. Kafka's default is 45 s; brokers accept 6 s to 30 m unless configured otherwise.
    /// </summary>
    [ConfigurationKeyName("session_timeout")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public void Validate(string section = "kafka")
    {
        if (SessionTimeout < TimeSpan.FromSeconds(6) || SessionTimeout > TimeSpan.FromMinutes(30))
        {
            throw new ConfigurationException($"{section}.session_timeout", $"is {Duration.Format(SessionTimeout)}; brokers accept 6s to 30m (group.min/max.session.timeout.ms), e.g. 10s.");
        }

        if (string.IsNullOrWhiteSpace(Bootstrap))
        {
            throw new ConfigurationException($"{section}.bootstrap", "is empty; set it to host:port[,host:port...].");
        }

        var protocol = ParseProtocol(section);
        if (protocol is Confluent.Kafka.SecurityProtocol.SaslPlaintext or Confluent.Kafka.SecurityProtocol.SaslSsl)
        {
            _ = ParseMechanism(section);
            if (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password))
            {
                throw new ConfigurationException($"{section}.username", $"and {section}.password are required with {SecurityProtocol}; reference the password as ${{env:NAME}}.");
            }
        }

        if (CaFile is not null && !File.Exists(CaFile))
        {
            throw new ConfigurationException($"{section}.ca_file", $"'{CaFile}' does not exist; point it at the PEM CA certificate of the brokers.");
        }
    }

    /// <summary>A producer configuration with these connection settings and nothing else.</summary>
    public ProducerConfig ToProducerConfig() => Apply(new ProducerConfig());

    /// <summary>A consumer configuration with these connection settings and the group id.</summary>
    public ConsumerConfig ToConsumerConfig(string groupId)
    {
        var session = (int)SessionTimeout.TotalMilliseconds;
        return Apply(new ConsumerConfig
        {
            GroupId = groupId,
            SessionTimeoutMs = session,
            // Kafka's rule of thumb: heartbeats at most a third of the session timeout.
            HeartbeatIntervalMs = Math.Min(3_000, session / 3),
        });
    }

    private T Apply<T>(T config)
        where T : ClientConfig
    {
        config.BootstrapServers = Bootstrap;
        // librdkafka prints every failed connection attempt to stderr (hundreds of lines while a broker is down); the
        // same failures reach the clients' error handlers, which log them rate-limited, so only critical lines stay.
        config.Set("log_level", "2");
        config.LogConnectionClose = false;
        config.SecurityProtocol = ParseProtocol("kafka");
        if (config.SecurityProtocol is Confluent.Kafka.SecurityProtocol.SaslPlaintext or Confluent.Kafka.SecurityProtocol.SaslSsl)
        {
            config.SaslMechanism = ParseMechanism("kafka");
            config.SaslUsername = Username;
            config.SaslPassword = Password;
        }

        if (CaFile is not null)
        {
            config.SslCaLocation = CaFile;
        }

        return config;
    }

    private SecurityProtocol ParseProtocol(string section) => SecurityProtocol.ToLowerInvariant() switch
    {
        "plaintext" => Confluent.Kafka.SecurityProtocol.Plaintext,
        "ssl" => Confluent.Kafka.SecurityProtocol.Ssl,
        "sasl_plaintext" => Confluent.Kafka.SecurityProtocol.SaslPlaintext,
        "sasl_ssl" => Confluent.Kafka.SecurityProtocol.SaslSsl,
        _ => throw new ConfigurationException($"{section}.security_protocol", $"'{SecurityProtocol}' is not one of plaintext, ssl, sasl_plaintext, sasl_ssl."),
    };

    private SaslMechanism ParseMechanism(string section) => (SaslMechanism ?? "").ToUpperInvariant() switch
    {
        "SCRAM-SHA-512" => Confluent.Kafka.SaslMechanism.ScramSha512,
        "SCRAM-SHA-256" => Confluent.Kafka.SaslMechanism.ScramSha256,
        "PLAIN" => Confluent.Kafka.SaslMechanism.Plain,
        _ => throw new ConfigurationException($"{section}.sasl_mechanism", $"'{SaslMechanism}' is not one of SCRAM-SHA-512, SCRAM-SHA-256, PLAIN."),
    };

    /// <summary>Connection details without the password, safe for logs.</summary>
    public override string ToString() => $"{Bootstrap} ({SecurityProtocol}{(Username is null ? "" : ", user " + Username)})";
}
