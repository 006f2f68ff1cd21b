using System.CommandLine;
using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Events.Ingest;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;

namespace CyberAgg.Cli.Commands.Exercise;

/// <summary><c>cyberagg simulate</c>: play an exercise scenario against any deployment and score it.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario file (see scenarios/ and docs/scenarios.md).", Required = true };
        var kafka = new Option<string>("--kafka") { Description = "Kafka bootstrap of the deployment under exercise.", DefaultValueFactory = _ => "127.0.0.1:19092" };
        var report = new Option<FileInfo?>("--report") { Description = "Write a markdown report (with an SVG timeline beside it) here." };
        var speed = new Option<double?>("--speed") { Description = "Scenario seconds per real second; overrides the scenario's speed." };
        var noise = new Option<double>("--noise") { Description = "Scale every partner's background noise (0 = none).", DefaultValueFactory = _ => 1 };
        var config = new Option<FileInfo?>("--config") { Description = "Configuration whose ingest.keys sign each partner's batches (needed when the deployment runs ingest.trust: signed)." };
        var maxBacklog = new Option<int>("--max-backlog-mib")
        {
            Description = "Hold playback back while the correlator's group is more than this many MiB behind on the events topic, so a Kafka with short retention (the embedded one keeps 5 MiB a partition) never deletes what was not stored yet; 0 = never hold back.",
            DefaultValueFactory = _ => 0,
        };
        var group = new Option<string>("--group") { Description = "The correlator's consumer group, for --max-backlog-mib (correlator.group_id).", DefaultValueFactory = _ => new CorrelatorOptions().GroupId };
        var command = new Command("simulate", """
            Play a joint crisis exercise through agents' wire format into a deployment's Kafka, watch
            cyberagg.alerts.v1 and the partner feeds, and score detection coverage, time to detect, time to partner
            alert, missed steps and false alerts.

            Examples:
              cyberagg simulate --scenario scenarios/baltic-campaign.yaml --kafka 127.0.0.1:19092 --report out/exercise.md
              cyberagg simulate --scenario supply-chain-week.yaml --kafka kafka-1:9092 --config serve.yaml --speed 14400
              cyberagg simulate --scenario baltic-campaign.yaml --speed 100 --noise 50 --max-backlog-mib 100
            """)
        {
            scenario, kafka, report, speed, noise, config, maxBacklog, group,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var loaded = ScenarioLoader.LoadFile(ExerciseRunner.Locate(parse.GetValue(scenario)!));
                var keys = ExerciseRunner.RandomKeys(loaded);
                if (parse.GetValue(config) is { } file)
                {
                    var ingest = OptionsBinder.Bind<IngestOptions>(ConfigurationLoader.Load(file.FullName), "ingest");
                    foreach (var key in ingest.Keys)
                    {
                        keys[key.Partner] = new IngestKey(key.Partner, key.KeyId, key.SecretBytes(), key.Country);
                    }
                }

                using var stop = ShutdownSignal.Create(cancellationToken);
                if (parse.GetValue(maxBacklog) < 0)
                {
                    throw new ConfigurationException("--max-backlog-mib", $"is {parse.GetValue(maxBacklog)}; give a size in MiB (e.g. 100), or 0 to never hold back.");
                }

                var playback = new PlaybackOptions
                {
                    BootstrapServers = parse.GetValue(kafka)!,
                    Keys = keys,
                    Speed = parse.GetValue(speed),
                    NoiseScale = parse.GetValue(noise),
                    Backpressure = parse.GetValue(maxBacklog) is > 0 and var mib ? new PlaybackBackpressure(parse.GetValue(group)!, mib * 1024L * 1024) : null,
                };
                Console.WriteLine($"Playing '{loaded.Name}' ({loaded.Steps.Count} steps, {loaded.Partners.Count} partners) into {playback.BootstrapServers} at {playback.Speed ?? loaded.Speed}x ...");
                var (score, player) = await ExerciseRunner.RunAsync(loaded, playback, null, null, Console.Out, stop.Token);
                ExerciseRunner.PrintSummary(score, Console.Out);
                if (parse.GetValue(report) is { } target)
                {
                    Console.WriteLine("Report: " + ExerciseRunner.WriteReport(score, player, target.FullName));
                }

                return 0;
            }
            catch (ScenarioException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }
        });
        return command;
    }
}
