using System.CommandLine;
using CyberAgg.Cli.Commands.Operations;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands;

/// <summary><c>cyberagg serve</c>: the correlator, against configured Kafka and ClickHouse or the embedded ones.</summary>
internal static class ServeCommand
{
    /// <summary>How long <c>serve</c> waits for Kafka at start before it gives up with one line.</summary>
    internal static readonly TimeSpan KafkaStartTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "YAML configuration file (see deploy/examples/ and docs/configuration.md)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, e.g. --set kafka.bootstrap=10.0.0.5:9092 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var embedded = new Option<bool>("--embedded") { Description = "Start the embedded Kafka and ClickHouse in this process (ingest trust defaults to open)." };
        var data = new Option<DirectoryInfo>("--data") { Description = "With --embedded: folder for ClickHouse data.", DefaultValueFactory = _ => new DirectoryInfo(".cyberagg") };
        var kafkaPort = new Option<int>("--kafka-port") { Description = "With --embedded: Kafka bootstrap port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => EmbeddedKafkaOptions.DefaultPort };
        var clickhousePort = new Option<int>("--clickhouse-port") { Description = "With --embedded: ClickHouse HTTP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => EmbeddedClickHouseOptions.DefaultPort };
        var apiPort = new Option<int?>("--api-port") { Description = "Port of the API and dashboard on 127.0.0.1 (sets api.listen; 0 picks a free one)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log every batch." };
        var command = new Command("serve", """
            Run the correlator and, when api.sharing names a sharing.yaml, the partner-scoped API with its dashboard
            and the sharing service that fills each partner's feed. The correlator consumes cyberagg.events.v1, stores
            every event in ClickHouse, evaluates the Sigma rules (the shipped cross-border set unless correlator.rules
            says otherwise) and raises alerts to ClickHouse and cyberagg.alerts.v1. /metrics, /healthz and /readyz are
            served on telemetry.listen (default 127.0.0.1:9464). Runs until Ctrl-C or SIGTERM, then stores and commits
            the batch in hand. Every setting is described in docs/configuration.md.

            Examples:
              cyberagg serve --embedded
              cyberagg serve --embedded --kafka-port 29092 --clickhouse-port 28123 --api-port 8081 --set api.sharing=sharing.yaml
              cyberagg serve --config /etc/cyberagg/serve.yaml
              CYBERAGG_KAFKA__BOOTSTRAP=10.0.0.5:9092 cyberagg serve --config serve.yaml --set correlator.lateness=10m
            """)
        {
            config, set, embedded, data, kafkaPort, clickhousePort, apiPort, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var stop = ShutdownSignal.Create(cancellationToken);
            EmbeddedInfrastructure? infra = null;
            try
            {
                var overrides = (parse.GetValue(set) ?? []).ToList();
                if (parse.GetValue(apiPort) is { } port)
                {
                    overrides.Add(FormattableString.Invariant($"api.listen=127.0.0.1:{port}"));
                }

                if (parse.GetValue(embedded))
                {
                    var options = new InfrastructureOptions
                    {
                        DataDirectory = parse.GetValue(data)!.FullName,
                        Kafka = new EmbeddedKafkaOptions { Port = parse.GetValue(kafkaPort) },
                        ClickHouse = new EmbeddedClickHouseOptions { Port = parse.GetValue(clickhousePort) },
                    };
                    infra = await InfrastructureStarter.StartOrReportAsync(options, Console.Error, stop.Token);
                    if (infra is null)
                    {
                        return 2;
                    }

                    overrides.Insert(0, "kafka.bootstrap=" + infra.Kafka!.BootstrapServers);
                    overrides.Insert(1, "clickhouse.url=" + infra.ClickHouse!.Endpoint.ToString().TrimEnd('/'));
                    overrides.Insert(2, "clickhouse.password=" + infra.ClickHouse.Password);
                }

                var configuration = ConfigurationLoader.Load(parse.GetValue(config)?.FullName, overrides);
                return await RunAsync(configuration, infra is not null, parse.GetValue(verbose), stop);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }
            finally
            {
                if (infra is not null)
                {
                    await infra.DisposeAsync();
                }
            }
        });

        return command;
    }

    private static async Task<int> RunAsync(IConfiguration configuration, bool embedded, bool verbose, ShutdownSignal stop)
    {
        var settings = CorrelatorSetup.Bind(configuration, openTrustByDefault: embedded);
        var telemetryOptions = OptionsBinder.Bind<TelemetryOptions>(configuration, "telemetry");
        telemetryOptions.Validate();
        var apiOptions = BindApi(configuration);
        var federation = BindFederation(configuration, settings.Correlator);
        var rules = settings.Correlator.Enabled ? CorrelatorSetup.LoadRules(settings.Correlator, Console.Out) : null;
        if (await CorrelatorSetup.CheckDependenciesAsync(settings.Kafka, settings.ClickHouse, KafkaStartTimeout, stop.Token) is { } unreachable)
        {
            await Console.Error.WriteLineAsync("error: " + unreachable);
            return 2;
        }

        using var telemetry = telemetryOptions.Start("cyberagg-serve");
        using var loggers = CorrelatorHost.Loggers(verbose ? LogLevel.Debug : LogLevel.Information, settings.Kafka, settings.ClickHouse);
        // A node's own clear values, shared by the publisher (learns them), the matcher and the exchange (answers with them).
        var local = new CyberAgg.Federation.LocalIndicators();
        using var exchange = federation is not null && rules is not null ? new CyberAgg.Federation.Exchange.ClearValueExchange(federation, local, settings.ClickHouse, loggers.CreateLogger("CyberAgg.Federation.Exchange")) : null;
        await using var api = await StartApiAsync(apiOptions, settings.Kafka, settings.ClickHouse, loggers, exchange is null ? null : new Sovereign.ExchangeApiAdapter(exchange, federation!), stop.Token);
        if (!settings.Correlator.Enabled || rules is null)
        {
            Console.WriteLine(api is null ? "Nothing to run: correlator.enabled is false and api.sharing is not set." : "API only (correlator.enabled is false).");
            if (api is null)
            {
                return 2;
            }

            await stop.WaitAsync();
            return 0;
        }

        using var pipeline = await CorrelatorSetup.CreateAsync(settings, rules, loggers, stop.Token);
        using var readiness = new CorrelatorReadiness(pipeline, settings.Correlator.Topic, settings.Kafka, settings.ClickHouse);
        await using var ops = telemetryOptions.ListenerOff
            ? null
            : await OpsEndpoint.StartAsync(telemetryOptions.Listen, "cyberagg-correlator", readiness.NotReadyReasonAsync, readiness.Details, stop.Token);
        if (ops is not null)
        {
            Console.WriteLine($"Health and metrics: {ops.Address}healthz, {ops.Address}readyz, {ops.Address}metrics");
        }

        Console.WriteLine($"Correlator: Kafka {settings.Kafka}, ClickHouse {settings.ClickHouse}, trust {settings.Ingest.Trust}, {rules.DetectionRules.Count} detection and {rules.CorrelationRules.Count} correlation rules.");
        if (federation is not null)
        {
            // A sovereign-mode node: raw events stay here; blinded observations go to the alliance and are matched here.
            using var publisher = new CyberAgg.Federation.Publishing.FederationPublisher(federation, settings.Kafka, settings.Correlator.IndicatorsTopic, settings.Correlator.IdleTimeout, rules, local, loggers.CreateLogger("CyberAgg.Federation"));
            using var matcher = new CyberAgg.Federation.Matching.FederationMatcher(federation, rules, settings.Correlator.Lateness, local, settings.ClickHouse, loggers.CreateLogger("CyberAgg.Federation"));
            Console.WriteLine($"Federation: node {federation.Node} ({federation.Country}), alliance {federation.Alliance}, topic {federation.Topic}, {federation.Members.Count} members, clear-value exchange on {exchange!.Topic} ({federation.ReleaseAgreements.Count} release agreements).");
            var loops = Task.WhenAll(pipeline.RunAsync(stop.Token), publisher.RunAsync(stop.Token), matcher.RunAsync(stop.Token), exchange!.RunAsync(stop.Token));
            readiness.Track(loops);
            await loops;
        }
        else if (settings.Correlator.ScaleOut)
        {
            // Scaled out: this instance stores and re-keys events, and correlates its share of the indicators.
            using var indicators = new CyberAgg.Correlator.Pipeline.IndicatorCorrelator(settings.Correlator, settings.Kafka, settings.ClickHouse, rules, loggers.CreateLogger("CyberAgg.Correlator.Indicators"), totals: pipeline.Totals);
            var loops = Task.WhenAll(pipeline.RunAsync(stop.Token), indicators.RunAsync(stop.Token));
            readiness.Track(loops);
            await loops;
        }
        else
        {
            var loop = pipeline.RunAsync(stop.Token);
            readiness.Track(loop);
            await loop;
        }

        Console.WriteLine($"Stopped: {pipeline.Totals.EventsStored} events stored, {pipeline.Totals.Alerts} alerts, {pipeline.Totals.DeadLetters} dead letters.");
        return 0;
    }

    /// <summary>The <c>federation</c> section when it is enabled (validated; it needs the scale-out correlator), else null.</summary>
    private static CyberAgg.Federation.FederationOptions? BindFederation(IConfiguration configuration, CyberAgg.Correlator.CorrelatorOptions correlator)
    {
        var federation = OptionsBinder.Bind<CyberAgg.Federation.FederationOptions>(configuration, "federation");
        if (!federation.Enabled)
        {
            return null;
        }

        federation.Validate();
        if (!correlator.ScaleOut)
        {
            throw new ConfigurationException("correlator.scale_out", "must be true with federation.enabled: a node's correlator re-keys observations onto its indicators topic, which the federation publisher blinds (docs/sovereign-mode.md).");
        }

        return federation;
    }

    /// <summary>The API's settings, or null when <c>api.sharing</c> is not set: settings files are read only from paths given.</summary>
    private static CyberAgg.Api.Hosting.ApiOptions? BindApi(IConfiguration configuration)
    {
        foreach (var shared in new[] { "kafka", "clickhouse" })
        {
            if (configuration.GetSection("api:" + shared).Exists())
            {
                throw new ConfigurationException("api." + shared, $"is not a setting; the API uses the top-level {shared} section.");
            }
        }

        var api = OptionsBinder.Bind<CyberAgg.Api.Hosting.ApiOptions>(configuration, "api");
        if (string.IsNullOrWhiteSpace(configuration["api:sharing"]))
        {
            return null;
        }

        if (!File.Exists(api.Sharing))
        {
            throw new ConfigurationException("api.sharing", $"'{api.Sharing}' does not exist; point it at a sharing.yaml (see docs/sharing.md), or remove the key to run without the API.");
        }

        return api;
    }

    /// <summary>Starts the API and sharing service when <c>api.sharing</c> names a sharing.yaml.</summary>
    private static async Task<ApiHostRunner?> StartApiAsync(CyberAgg.Api.Hosting.ApiOptions? api, KafkaOptions kafka, ClickHouseOptions clickHouse, ILoggerFactory loggers, CyberAgg.Api.Federation.IClearValueExchange? exchange, CancellationToken cancellationToken)
    {
        if (api is null)
        {
            Console.WriteLine("API off: api.sharing is not set (point it at a sharing.yaml to serve the API and dashboard).");
            return null;
        }

        api.Kafka = kafka;
        api.ClickHouse = clickHouse;
        var runner = await ApiHostRunner.StartAsync(api, ApiHostRunner.LoadPolicy(api.Sharing), loggers, "api.listen", cancellationToken, exchange);
        Console.WriteLine($"API and dashboard: {runner.Address}");
        return runner;
    }
}
