using System.CommandLine;
using System.Security.Cryptography;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Correlator;
using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events.Ingest;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands.Exercise;

/// <summary><c>cyberagg demo</c>: the whole product on one machine, playing a multi-country campaign.</summary>
internal static class DemoCommand
{
    /// <summary>
    /// Allowed lateness in event time for a played-back scenario. Watermarks are per partition and each partner's
    /// agent sends in scenario order, so this only has to cover one agent's batching jitter: two seconds of wall
    /// time, in scenario time, and at least a minute. Correlation waits this long, so it is also the demo's delay.
    /// </summary>
    internal static TimeSpan LatenessFor(double speed) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, (long)(TimeSpan.FromSeconds(2).Ticks * speed)));

    /// <summary>
    /// Early firing for every event of a played-back scenario: its events are stamped in the recent past, a replay to
    /// the correlator's horizon, but the audience watches it live (with the default horizon, the lateness, the steps
    /// were detected 2.1-2.6 s after they were sent instead of 0.2-0.6 s).
    /// </summary>
    internal static readonly TimeSpan EarlyFiringHorizon = TimeSpan.MaxValue;

    // Each demo is a new exercise whose scenario is placed in the recent past: restoring the previous run's windows
    // from the same --data would move the watermark to that run's end and make this run's events late.

    /// <summary>The scenario's agents stop together at its end: two quiet seconds mean the stream is over.</summary>
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Events ClickHouse holds that were ingested since <paramref name="since"/>.</summary>
    private static async Task<long> StoredSinceAsync(ClickHouseOptions clickHouse, DateTimeOffset since)
    {
        using var writer = new Storage.Writers.ClickHouseWriter(clickHouse.ConnectionString());
        var milliseconds = since.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = await writer.QueryAsync($"SELECT count() FROM {clickHouse.Database}.events WHERE ingested_at >= fromUnixTimestamp64Milli({milliseconds})", CancellationToken.None);
        return long.Parse(rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Command Create()
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario to play (file, or the name of one in scenarios/).", DefaultValueFactory = _ => "baltic-campaign.yaml" };
        var duration = new Option<TimeSpan?>("--duration") { Description = "Stop after this long (e.g. 00:00:30); default: when the scenario ends." };
        var speed = new Option<double?>("--speed") { Description = "Scenario seconds per real second; overrides the scenario's speed." };
        var noise = new Option<double>("--noise") { Description = "Scale every partner's background noise (0 = none).", DefaultValueFactory = _ => 1 };
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder for ClickHouse data.", DefaultValueFactory = _ => new DirectoryInfo(".cyberagg") };
        var kafkaPort = new Option<int>("--kafka-port") { Description = "Kafka bootstrap port.", DefaultValueFactory = _ => EmbeddedKafkaOptions.DefaultPort };
        var clickhousePort = new Option<int>("--clickhouse-port") { Description = "ClickHouse HTTP port.", DefaultValueFactory = _ => EmbeddedClickHouseOptions.DefaultPort };
        var apiPort = new Option<int>("--api-port") { Description = "Port of the API and dashboard.", DefaultValueFactory = _ => 8080 };
        var exitWhenDone = new Option<bool>("--exit-when-done")
        {
            Description = "Stop as soon as the scenario has ended and the summary is printed (scripts, tests); by default the dashboard stays up until Ctrl-C.",
        };
        var sovereign = new Option<bool>("--sovereign")
        {
            Description = "Sovereign mode: one node per country (own Kafka, own ClickHouse process, correlator), exchanging only blinded, signed observations on an alliance Kafka; reports detections against central mode on the same events, what crossed the alliance, and the added latency (docs/sovereign-mode.md). Uses ephemeral ports; no dashboard.",
        };
        var oprf = new Option<bool>("--oprf")
        {
            Description = "With --sovereign: blind indicators through the oblivious PRF (federation.blinding: oprf) instead of a shared secret; the first two nodes run the key services, each with a share, so no member can compute a token offline.",
        };
        var command = new Command("demo", """
            Show the whole product on this machine: start the embedded Kafka and ClickHouse, the correlator, and the API with
            its live SOC dashboard (sharing agreements between all partners, up to TLP:AMBER), then let
            simulated partner CERTs in five countries play a campaign (phishing, credential stuffing, C2) through the
            agents' signed wire format. Prints progress while it runs and, at the end or on Ctrl-C, a summary: events
            sent and stored, alerts, cross-border alerts, and time to detect per attack step. The scored report is
            written to <data>/demo-report.md. After the scenario the API and dashboard stay up, so the alerts can be
            worked in the browser, until Ctrl-C; --exit-when-done ends the command with the summary instead.

            Examples:
              cyberagg demo
              cyberagg demo --scenario energy-ddos-wiper.yaml --speed 180
              cyberagg demo --duration 00:00:20 --noise 0.2
              cyberagg demo --speed 900 --exit-when-done
              cyberagg demo --sovereign --speed 480
              cyberagg demo --sovereign --oprf
            """)
        {
            scenario, duration, speed, noise, data, kafkaPort, clickhousePort, apiPort, exitWhenDone, sovereign, oprf,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Scenario loaded;
            try
            {
                loaded = ScenarioLoader.LoadFile(ExerciseRunner.Locate(parse.GetValue(scenario)!));
            }
            catch (ScenarioException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }

            using var stop = ShutdownSignal.Create(cancellationToken);
            var folder = parse.GetValue(data)!.FullName;
            if (parse.GetValue(sovereign))
            {
                return await Sovereign.SovereignDemo.RunAsync(loaded, parse.GetValue(speed), parse.GetValue(noise), parse.GetValue(duration), folder, parse.GetValue(oprf), Console.Out, stop.Token);
            }

            if (parse.GetValue(oprf))
            {
                await Console.Error.WriteLineAsync("error: --oprf applies to sovereign mode only; add --sovereign (e.g. cyberagg demo --sovereign --oprf).");
                return 2;
            }

            Console.WriteLine("Starting the embedded Kafka and ClickHouse ...");
            await using var infra = await InfrastructureStarter.StartOrReportAsync(
                new InfrastructureOptions
                {
                    DataDirectory = folder,
                    Kafka = new EmbeddedKafkaOptions { Port = parse.GetValue(kafkaPort) },
                    ClickHouse = new EmbeddedClickHouseOptions { Port = parse.GetValue(clickhousePort) },
                },
                Console.Error,
                stop.Token);
            if (infra is null)
            {
                return 2;
            }

            var secrets = loaded.Partners.ToDictionary(p => p.Id, _ => RandomNumberGenerator.GetBytes(32), StringComparer.Ordinal);
            var ingest = new IngestOptions
            {
                Trust = IngestTrust.Open,
                Keys = loaded.Partners.Select(p => new IngestKeyOptions { Partner = p.Id, KeyId = "demo", Country = p.Country, Secret = "base64:" + Convert.ToBase64String(secrets[p.Id]) }).ToList(),
            };
            var settings = new CorrelatorSettings(
                Kafka: new KafkaOptions { Bootstrap = infra.Kafka!.BootstrapServers },
                ClickHouse: new ClickHouseOptions { Url = infra.ClickHouse!.Endpoint.ToString().TrimEnd('/'), Password = infra.ClickHouse.Password },
                Correlator: new CorrelatorOptions { Rules = [CorrelatorSetup.ShippedRules], GroupId = "cyberagg-demo", Lateness = LatenessFor(parse.GetValue(speed) ?? loaded.Speed), EarlyFiringHorizon = EarlyFiringHorizon, IdleTimeout = IdleTimeout, RestoreState = false },
                Ingest: ingest);
            var rules = CorrelatorSetup.LoadRules(settings.Correlator, Console.Out);
            using var loggers = CorrelatorHost.Loggers(LogLevel.Warning);
            using var pipeline = await CorrelatorSetup.CreateAsync(settings, rules, loggers, stop.Token);
            var correlating = pipeline.RunAsync(stop.Token);
            var sharing = DemoSharing.Create(loaded);
            ApiHostRunner api;
            try
            {
                api = await ApiHostRunner.StartAsync(
                    new CyberAgg.Api.Hosting.ApiOptions { Listen = $"127.0.0.1:{parse.GetValue(apiPort)}", ClickHouse = settings.ClickHouse, Kafka = settings.Kafka },
                    sharing.Policy, loggers, "--api-port", stop.Token);
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                await stop.CancelAsyncSafe();
                await correlating;
                return 2;
            }

            await using var apiRunning = api;

            Console.WriteLine($"""

                CyberAgg demo: '{loaded.Name}'
                  Dashboard    {api.Address}   sign in with a token below (they change every run)
                    operator (sees everything)   {sharing.OperatorToken}
                {string.Join(Environment.NewLine, sharing.PartnerTokens.Select(t => $"    {t.Key,-28} {t.Value}"))}
                  Kafka        {infra.Kafka.BootstrapServers}   (try: kcat -b {infra.Kafka.BootstrapServers} -t cyberagg.alerts.v1 -C)
                  ClickHouse   {infra.ClickHouse.Endpoint}   (try: {infra.ClickHouse.CurlCommand("SELECT rule_title, countries FROM cyberagg.alerts FINAL")})
                  Correlator   {rules.DetectionRules.Count} detection and {rules.CorrelationRules.Count} correlation rules (rules/cross-border)
                  Partners     {string.Join(", ", loaded.Partners.Select(p => $"{p.Id} ({p.Country})"))}

                """);
            var playback = new PlaybackOptions
            {
                BootstrapServers = infra.Kafka.BootstrapServers,
                Keys = loaded.Partners.ToDictionary(p => p.Id, p => new IngestKey(p.Id, "demo", secrets[p.Id], p.Country), StringComparer.Ordinal),
                Speed = parse.GetValue(speed),
                NoiseScale = parse.GetValue(noise),
                // The embedded Kafka deletes what exceeds 5 MiB a partition: never play more than half of that ahead.
                Backpressure = new PlaybackBackpressure(settings.Correlator.GroupId, EmbeddedKafkaOptions.RetainedBytesPerPartition * new EmbeddedKafkaOptions().EventsPartitions / 2),
            };
            var playStart = TimeProvider.System.GetUtcNow();
            var (score, player) = await ExerciseRunner.RunAsync(
                loaded, playback, parse.GetValue(duration),
                () => $"stored {pipeline.Totals.EventsStored:N0} | alerts {pipeline.Totals.Alerts:N0}",
                Console.Out, stop.Token);

            // Let the correlator store what was sent before the summary counts it.
            var drain = System.Diagnostics.Stopwatch.StartNew();
            while (pipeline.Totals.EventsStored < player.EventsSent && drain.Elapsed < TimeSpan.FromSeconds(60) && !correlating.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }

            // The stored count is what ClickHouse holds for this run, not what the correlator believes it inserted.
            var stored = await StoredSinceAsync(settings.ClickHouse, playStart);
            var report = ExerciseRunner.WriteReport(score, player, Path.Combine(folder, "demo-report.md"));
            Console.WriteLine();
            Console.WriteLine($"Events: {player.EventsSent:N0} sent, {stored:N0} stored in ClickHouse ({pipeline.Totals.DeadLetters:N0} dead letters).");
            Console.WriteLine($"Alerts: {pipeline.Totals.Alerts:N0} raised, {score.CrossBorderAlerts} cross-border.");
            ExerciseRunner.PrintSummary(score, Console.Out);
            Console.WriteLine($"Report: {report}");
            if (!parse.GetValue(exitWhenDone) && !stop.Token.IsCancellationRequested)
            {
                Console.WriteLine();
                Console.WriteLine($"Scenario finished. The dashboard is still live at {api.Address} (same tokens); press Ctrl-C to stop.");
                await stop.WaitAsync();
                Console.WriteLine("Stopping ...");
            }

            await stop.CancelAsyncSafe();
            await correlating;
            return 0;
        });
        return command;
    }
}
