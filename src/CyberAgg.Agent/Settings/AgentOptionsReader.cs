using System.Globalization;
using System.Net;
using System.Text;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Configuration;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using Microsoft.Extensions.Configuration;
using CyberAgg.Events;

namespace CyberAgg.Agent.Settings;

/// <summary>Reads and validates the agent's sections of the shared configuration; every error names the key and the fix.</summary>
internal static class AgentOptionsReader
{
    // Key, headers and record framing of a batch message, plus the last event that may take a batch past max_bytes.
    private const int BatchHeadroom = 16 * 1024;

    private static readonly string[] KnownSections = ["agent", "ingest_key", "kafka", "inputs", "spool", "batch", "delivery", "telemetry"];

    // Sections of the other executables: one file (or one set of CYBERAGG_ variables) may configure several.
    private static readonly string[] ForeignSections = ["clickhouse", "correlator", "ingest", "api", "sharing", "simulate", "bench"];

    /// <exception cref="ConfigurationException">A value is missing, malformed or unknown.</exception>
    public static AgentOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var section in configuration.GetChildren())
        {
            // A lone value at the top (CYBERAGG_SOMETHING without __) is an unrelated environment variable, not a section.
            var isSection = section.GetChildren().Any();
            if (isSection
                && !KnownSections.Contains(section.Key, StringComparer.OrdinalIgnoreCase)
                && !ForeignSections.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ConfigurationException(section.Key, $"is not a section the agent knows; use {string.Join(", ", KnownSections)}.");
            }
        }

        var identity = ReadIdentity(configuration);
        var batch = ReadBatch(configuration);
        var delivery = ReadDelivery(configuration);
        if (batch.MaxBytes > delivery.MaxMessageBytes - BatchHeadroom)
        {
            throw new ConfigurationException(
                "batch.max_bytes",
                $"{batch.MaxBytes} leaves no room under delivery.max_message_bytes {delivery.MaxMessageBytes} (the broker's message limit) for Kafka's framing; use at most {delivery.MaxMessageBytes - BatchHeadroom}, or raise delivery.max_message_bytes to the broker's message.max.bytes.");
        }

        return new AgentOptions
        {
            Identity = identity,
            IngestKey = ReadIngestKey(configuration),
            Kafka = ReadKafka(configuration),
            Inputs = ReadInputs(configuration),
            Spool = ReadSpool(configuration, identity.DataDir),
            Batch = batch,
            Delivery = delivery,
            Telemetry = ReadTelemetry(configuration),
        };
    }

    private static IdentityOptions ReadIdentity(IConfiguration configuration)
    {
        var s = new SectionReader(configuration, "agent");
        var partner = s.RequiredString("partner", "set it to your partner id, e.g. agent.partner: ee-cert");
        var country = s.RequiredString("country", "set it to your ISO 3166-1 alpha-2 country code, e.g. agent.country: EE");
        if (country.Length != 2 || !char.IsAsciiLetter(country[0]) || !char.IsAsciiLetter(country[1]))
        {
            throw new ConfigurationException(s.Key("country"), $"'{country}' is not a two-letter ISO 3166-1 alpha-2 code such as EE.");
        }

        var name = s.String("name") ?? Dns.GetHostName();
        var options = new IdentityOptions
        {
            Partner = partner,
            Country = country.ToUpperInvariant(),
            Name = name,
            DataDir = s.String("data_dir") ?? Path.Combine(".cyberagg", "agent"),
            MaxRecordBytes = s.Int("max_record_bytes", 256 * 1024, 1024, 16 * 1024 * 1024),
        };
        s.RejectUnknown();
        return options;
    }

    private static IngestKeyOptions ReadIngestKey(IConfiguration configuration)
    {
        var s = new SectionReader(configuration, "ingest_key");
        var keyId = s.RequiredString("key_id", "set it to the key id the correlator knows, e.g. ingest_key.key_id: 2025-01");
        var secretText = s.RequiredString("secret", "reference the partner's ingest secret, e.g. ingest_key.secret: ${env:CYBERAGG_INGEST_SECRET}");
        byte[] secret;
        if (secretText.StartsWith("base64:", StringComparison.Ordinal))
        {
            try
            {
                secret = Convert.FromBase64String(secretText["base64:".Length..]);
            }
            catch (FormatException)
            {
                throw new ConfigurationException(s.Key("secret"), "starts with base64: but the rest is not valid base64.");
            }
        }
        else
        {
            secret = Encoding.UTF8.GetBytes(secretText);
        }

        if (secret.Length < IngestKey.MinSecretBytes)
        {
            // The length, never the secret: config errors are printed.
            throw new ConfigurationException(s.Key("secret"), $"has {secret.Length} bytes; it needs at least {IngestKey.MinSecretBytes} (32 random bytes recommended: openssl rand -base64 32, written as base64:...).");
        }

        s.RejectUnknown();
        return new IngestKeyOptions { KeyId = keyId, Secret = secret };
    }

    private static KafkaOptions ReadKafka(IConfiguration configuration)
    {
        var s = new SectionReader(configuration, "kafka");
        var defaults = new KafkaOptions();
        var options = new KafkaOptions
        {
            Bootstrap = s.String("bootstrap") ?? defaults.Bootstrap,
            SecurityProtocol = s.String("security_protocol") ?? defaults.SecurityProtocol,
            SaslMechanism = s.String("sasl_mechanism"),
            Username = s.String("username"),
            Password = s.String("password"),
            CaFile = s.String("ca_file"),
        };
        s.RejectUnknown();
        options.Validate();
        return options;
    }

    private static List<InputOptions> ReadInputs(IConfiguration configuration)
    {
        var inputs = new List<InputOptions>();
        var children = configuration.GetSection("inputs").GetChildren()
            .OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue).ToList();
        foreach (var child in children)
        {
            inputs.Add(ReadInput(configuration, $"inputs.{child.Key}"));
        }

        if (inputs.Count == 0)
        {
            throw new ConfigurationException("inputs", "is empty; add at least one input, e.g. inputs: [{type: file, paths: [/var/log/suricata/eve.json]}] or --set inputs.0.type=stdin");
        }

        var duplicate = inputs.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ConfigurationException("inputs", $"two inputs are named '{duplicate.Key}'; give each a unique name (it keys the file checkpoints).");
        }

        return inputs;
    }

    private static InputOptions ReadInput(IConfiguration configuration, string path)
    {
        var s = new SectionReader(configuration, path);
        var type = s.Enum("type", (InputType?)null, ("file", InputType.File), ("syslog_udp", InputType.SyslogUdp), ("syslog_tcp", InputType.SyslogTcp), ("stdin", InputType.Stdin))
            ?? throw new ConfigurationException(s.Key("type"), "is required; one of file, syslog_udp, syslog_tcp, stdin.");
        var format = s.Enum("format", InputFormat.Auto, ("auto", InputFormat.Auto), ("json", InputFormat.Json), ("syslog", InputFormat.Syslog), ("cef", InputFormat.Cef), ("text", InputFormat.Text),
            ("eve", InputFormat.Eve), ("suricata", InputFormat.Eve), ("zeek", InputFormat.Zeek));
        var paths = s.List("paths");
        if (type == InputType.File && paths.Count == 0)
        {
            throw new ConfigurationException(s.Key("paths"), "is required for a file input; list files or globs, e.g. paths: [/var/log/suricata/*.json]");
        }

        if (type != InputType.File && paths.Count > 0)
        {
            throw new ConfigurationException(s.Key("paths"), $"only applies to file inputs; remove it from this {type} input.");
        }

        var listenText = s.String("listen");
        var listen = InputOptions.DefaultListen;
        if (listenText is not null && !IPEndPoint.TryParse(listenText, out listen!))
        {
            throw new ConfigurationException(s.Key("listen"), $"'{listenText}' is not an address:port such as 127.0.0.1:5514.");
        }

        if (listen.Port == 0 && listenText is not null && type is InputType.SyslogTcp or InputType.SyslogUdp && !listenText.EndsWith(":0", StringComparison.Ordinal))
        {
            throw new ConfigurationException(s.Key("listen"), $"'{listenText}' needs a port, e.g. 127.0.0.1:5514.");
        }

        var readFrom = s.Enum("read_from", true, ("beginning", true), ("end", false));
        var poll = s.Int("poll_ms", 250, 10, 60_000);
        var listener = type is InputType.SyslogTcp or InputType.SyslogUdp;
        var allow = ReadAllow(s, listener);
        var tls = ReadTls(configuration, s, type);
        var maxConnections = s.Int("max_connections", 256, 1, 100_000);
        var maxPerSource = s.Int("max_connections_per_source", Math.Min(32, maxConnections), 1, maxConnections);
        var idle = s.Int("idle_timeout_s", 300, 1, 86_400);
        if (type != InputType.SyslogTcp && (s.String("max_connections") ?? s.String("max_connections_per_source") ?? s.String("idle_timeout_s")) is not null)
        {
            throw new ConfigurationException(s.Key("max_connections"), $"connection limits only apply to syslog_tcp inputs; remove them from this {type} input.");
        }

        if (listener && !IPAddress.IsLoopback(listen.Address) && allow.Count == 0 && tls?.ClientCaFile is null)
        {
            // Team rule: nothing listens beyond loopback without authentication.
            throw new ConfigurationException(s.Key("listen"), $"'{listen}' accepts syslog from the network with no check of who sends it; "
                + "list the senders' networks (allow: [192.0.2.0/24]) or, for syslog_tcp, require client certificates (tls: {certificate: ..., key: ..., client_ca: ...}); "
                + "or listen on 127.0.0.1.");
        }
        var options = new InputOptions
        {
            Name = s.String("name") ?? path,
            Type = type,
            Format = format,
            Paths = paths,
            Listen = listen,
            ReadFromBeginning = readFrom,
            PollInterval = TimeSpan.FromMilliseconds(poll),
            Allow = allow,
            Tls = tls,
            MaxConnections = maxConnections,
            MaxConnectionsPerSource = maxPerSource,
            IdleTimeout = TimeSpan.FromSeconds(idle),
        };
        s.RejectUnknown();
        return options;
    }

    private static List<IPNetwork> ReadAllow(SectionReader s, bool listener)
    {
        var networks = new List<IPNetwork>();
        foreach (var text in s.List("allow"))
        {
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new ConfigurationException(s.Key("allow"), $"'{text}' is not an address or network such as 192.0.2.7 or 192.0.2.0/24 (the host bits must be zero).");
            }
        }

        if (networks.Count > 0 && !listener)
        {
            throw new ConfigurationException(s.Key("allow"), "only applies to syslog_udp and syslog_tcp inputs; remove it.");
        }

        return networks;
    }

    private static SyslogTlsOptions? ReadTls(IConfiguration configuration, SectionReader input, InputType type)
    {
        input.Allow("tls");
        var s = new SectionReader(configuration, input.Key("tls"));
        if (!s.Exists)
        {
            return null;
        }

        if (type != InputType.SyslogTcp)
        {
            throw new ConfigurationException(input.Key("tls"), $"syslog over TLS (RFC 5425) needs type: syslog_tcp, not {type}.");
        }

        var options = new SyslogTlsOptions
        {
            CertificateFile = ExistingFile(s, "certificate", "the server certificate chain in PEM, e.g. tls.certificate: /etc/cyberagg/syslog.crt"),
            KeyFile = ExistingFile(s, "key", "the certificate's private key in PEM, e.g. tls.key: /etc/cyberagg/syslog.key"),
            ClientCaFile = s.String("client_ca") is null ? null : ExistingFile(s, "client_ca", "the CA that issues the senders' certificates"),
        };
        s.RejectUnknown();
        return options;
    }

    private static string ExistingFile(SectionReader s, string name, string what)
    {
        var path = s.RequiredString(name, $"set it to {what}");
        return File.Exists(path) ? path : throw new ConfigurationException(s.Key(name), $"'{path}' does not exist; set it to {what}.");
    }

    private static SpoolOptions ReadSpool(IConfiguration configuration, string dataDir)
    {
        var s = new SectionReader(configuration, "spool");
        var options = new SpoolOptions
        {
            Dir = s.String("dir") ?? Path.Combine(dataDir, "spool"),
            MaxBytes = s.Long("max_bytes", 256L * 1024 * 1024, 64 * 1024, long.MaxValue),
            WhenFull = s.Enum("when_full", SpoolFullPolicy.Block, ("block", SpoolFullPolicy.Block), ("drop_oldest", SpoolFullPolicy.DropOldest)),
        };
        s.RejectUnknown();
        return options;
    }

    private static BatchOptions ReadBatch(IConfiguration configuration)
    {
        var s = new SectionReader(configuration, "batch");
        var options = new BatchOptions
        {
            MaxEvents = s.Int("max_events", 5000, 1, 1_000_000),
            MaxBytes = s.Int("max_bytes", BatchOptions.DefaultMaxBytes, 4096, 15 * 1024 * 1024),
            Linger = TimeSpan.FromMilliseconds(s.Int("linger_ms", 200, 0, 60_000)),
        };
        s.RejectUnknown();
        return options;
    }

    private static DeliveryOptions ReadDelivery(IConfiguration configuration)
    {
        var s = new SectionReader(configuration, "delivery");
        var options = new DeliveryOptions
        {
            Topic = s.String("topic") ?? KafkaTopicNames.Events,
            DeadLetterTopic = s.String("dead_letter_topic") ?? KafkaTopicNames.DeadLetter,
            Timeout = TimeSpan.FromMilliseconds(s.Int("timeout_ms", 30_000, 1000, 3_600_000)),
            MaxInFlightBytes = s.Long("max_in_flight_bytes", DeliveryOptions.DefaultMaxInFlightBytes, 64 * 1024, 1L << 34),
            ShutdownTimeout = TimeSpan.FromMilliseconds(s.Int("shutdown_timeout_ms", 10_000, 0, 600_000)),
            MaxMessageBytes = s.Int("max_message_bytes", DeliveryOptions.DefaultMaxMessageBytes, MessageLimit.MinimumBytes, BatchLimits.Default.MaxMessageBytes),
        };
        s.RejectUnknown();
        return options;
    }

    private static TelemetryOptions ReadTelemetry(IConfiguration configuration)
    {
        var s = new SectionReader(configuration, "telemetry");
        var options = new TelemetryOptions
        {
            OtlpEndpoint = Url(s, "otlp_endpoint"),
            Prometheus = Url(s, "prometheus"),
            LogLevel = s.Enum("log_level", "information", ("trace", "trace"), ("debug", "debug"), ("information", "information"), ("info", "information"), ("warning", "warning"), ("error", "error")),
            JsonLogs = s.Bool("json_logs", false),
        };
        s.RejectUnknown();
        return options;
    }

    private static Uri? Url(SectionReader s, string name)
    {
        var text = s.String(name);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ConfigurationException(s.Key(name), $"'{text}' is not an http(s) URL such as http://127.0.0.1:9464/.");
    }
}
