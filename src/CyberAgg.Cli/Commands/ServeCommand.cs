using System.CommandLine;
using CyberAgg.Configuration;
using CyberAgg.Embedded;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands;

/// <summary><c>cyberagg serve</c>: the correlator, against configured Kafka and ClickHouse or the embedded ones.</summary>
internal static class ServeCommand
{
    /// <summary>Starts the API and sharing service when <c>api.sharing</c> names an existing sharing.yaml.</summary>
    private static async Task<ApiHostRunner?> StartApiAsync(Microsoft.Extensions.Configuration.IConfiguration configuration, KafkaOptions kafka, ClickHouseOptions clickHouse, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var api = OptionsBinder.Bind<CyberAgg.Api.Hosting.ApiOptions>(configuration, "api");
        if (!File.Exists(api.Sharing))
        {
            Console.WriteLine($"API off: no sharing agreements at '{api.Sharing}' (set api.sharing to a sharing.yaml to serve the dashboard).");
            return null;
        }

        api.Kafka = kafka;
        api.ClickHouse = clickHouse;
        var runner = await ApiHostRunner.StartAsync(api, ApiHostRunner.LoadPolicy(api.Sharing), loggers, "api.listen", cancellationToken);
        Console.WriteLine($"API and dashboard: {runner.Address}");
        return runner;
    }

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "YAML configuration file (see deploy/examples/ and docs/configuration.md)." };
        var set = new Option<string[]>("--set") { Description = "Override one setting, e.g. --set kafka.bootstrap=10.0.0.5:9092 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var embedded = new Option<bool>("--embedded") { Description = "Start the embedded Kafka and ClickHouse in this process (ingest trust defaults to open)." };
        var data = new Option<DirectoryInfo>("--data") { Description = "With --embedded: folder for ClickHouse data.", DefaultValueFactory = _ => new DirectoryInfo(".cyberagg") };
        var verbose = new Option<bool>("--verbose") { Description = "Log every batch." };
        var command = new Command("serve", """
            Run the correlator and, when api.sharing names a sharing.yaml, the partner-scoped API with its dashboard
            and the sharing service that fills each partner's feed. The correlator consumes cyberagg.events.v1, store every event in ClickHouse, evaluate the Sigma rules
            (the shipped cross-border set unless correlator.rules says otherwise) and raise alerts to ClickHouse and
            cyberagg.alerts.v1. Runs until Ctrl-C or SIGTERM, then stores and commits the batch in hand.

            Examples:
              cyberagg serve --embedded
              cyberagg serve --config /etc/cyberagg/serve.yaml
              CYBERAGG_KAFKA__BOOTSTRAP=10.0.0.5:9092 cyberagg serve --config serve.yaml --set correlator.batch_max_events=20000
            """)
        {
            config, set, embedded, data, verbose,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var stop = ShutdownSignal.Create(cancellationToken);
            EmbeddedInfrastructure? infra = null;
            try
            {
                var overrides = (parse.GetValue(set) ?? []).ToList();
                if (parse.GetValue(embedded))
                {
                    infra = await InfrastructureStarter.StartOrReportAsync(new InfrastructureOptions { DataDirectory = parse.GetValue(data)!.FullName }, Console.Error, stop.Token);
                    if (infra is null)
                    {
                        return 2;
                    }

                    overrides.Insert(0, "kafka.bootstrap=" + infra.Kafka!.BootstrapServers);
                    overrides.Insert(1, "clickhouse.url=" + infra.ClickHouse!.Endpoint.ToString().TrimEnd('/'));
                    overrides.Insert(2, "clickhouse.password=" + infra.ClickHouse.Password);
                }

                var configuration = ConfigurationLoader.Load(parse.GetValue(config)?.FullName, overrides);
                var settings = CorrelatorHost.Bind(configuration, openTrustByDefault: infra is not null);
                var rules = CorrelatorHost.LoadRules(settings.Correlator, Console.Out);
                using var telemetry = OptionsBinder.Bind<TelemetryOptions>(configuration, "telemetry").Start("cyberagg-serve");
                using var loggers = CorrelatorHost.Loggers(parse.GetValue(verbose) ? LogLevel.Debug : LogLevel.Information);
                await using var api = await StartApiAsync(configuration, settings.Kafka, settings.ClickHouse, loggers, stop.Token);
                if (!settings.Correlator.Enabled)
                {
                    Console.WriteLine(api is null ? "Nothing to run: correlator.enabled is false and there is no api.sharing file." : "API only (correlator.enabled is false).");
                    await stop.WaitAsync();
                    return api is null ? 2 : 0;
                }

                using var pipeline = await CorrelatorHost.CreateAsync(settings, rules, loggers, stop.Token);
                Console.WriteLine($"Correlator: Kafka {settings.Kafka}, ClickHouse {settings.ClickHouse}, trust {settings.Ingest.Trust}, {rules.DetectionRules.Count} detection and {rules.CorrelationRules.Count} correlation rules.");
                if (settings.Correlator.ScaleOut)
                {
                    // Scaled out: this instance stores and re-keys events, and correlates its share of the indicators.
                    using var indicators = new CyberAgg.Correlator.Pipeline.IndicatorCorrelator(settings.Correlator, settings.Kafka, settings.ClickHouse, rules, loggers.CreateLogger("CyberAgg.Correlator.Indicators"));
                    await Task.WhenAll(pipeline.RunAsync(stop.Token), indicators.RunAsync(stop.Token));
                }
                else
                {
                    await pipeline.RunAsync(stop.Token);
                }
                Console.WriteLine($"Stopped: {pipeline.Totals.EventsStored} events stored, {pipeline.Totals.Alerts} alerts, {pipeline.Totals.DeadLetters} dead letters.");
                return 0;
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
}
