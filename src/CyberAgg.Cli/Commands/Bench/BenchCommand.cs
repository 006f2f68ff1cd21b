using System.CommandLine;
using CyberAgg.Bench;
using CyberAgg.Bench.Report;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Embedded;

namespace CyberAgg.Cli.Commands.Bench;

/// <summary><c>cyberagg bench</c>: the end-to-end benchmark with its baselines, as JSON, markdown and an SVG plot.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Background events pushed in the peak phase.", DefaultValueFactory = _ => 1_000_000 };
        var warmup = new Option<int?>("--warmup-events") { Description = "Events pushed end to end before the peak phase, with indicators of their own, so the peak measures the steady state (the JIT has tiered up); default: a fifth of --events, at most 200000; 0: only the warm-up probe." };
        var warmupRounds = new Option<int>("--warmup-rounds") { Description = "After the warm-up's events, at most this many rounds of a quarter of them, until a round compiles fewer than 200 methods (the JIT has settled, as it has for the storage ceiling, which runs last); 0: the warm-up's events once.", DefaultValueFactory = _ => new BenchOptions().WarmupRounds };
        var perMessage = new Option<int>("--events-per-message") { Description = "Events per signed agent batch (one Kafka message).", DefaultValueFactory = _ => 500 };
        var indicators = new Option<int>("--indicators") { Description = "Distinct source IPs the events draw from (correlation groups).", DefaultValueFactory = _ => 10_000 };
        var rules = new Option<DirectoryInfo[]>("--rules") { Description = "Rule folder (repeatable); default: the shipped rules/ next to the executable.", AllowMultipleArgumentsPerToken = false };
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers; default: the embedded Kafka on a free port." };
        var clickHouse = new Option<string?>("--clickhouse") { Description = "ClickHouse HTTP URL; default: the embedded ClickHouse on a free port." };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the benchmark topic.", DefaultValueFactory = _ => 6 };
        var sqlPeriod = new Option<double>("--sql-period") { Description = "Seconds between runs of the scheduled-SQL baseline.", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--rate") { Description = "Load of the latency phase: a fraction of the measured peak (0.7) or events/s (above 1).", DefaultValueFactory = _ => 0.7 };
        var latencySeconds = new Option<double>("--latency-duration") { Description = "Seconds of the rate-limited latency phase.", DefaultValueFactory = _ => 30 };
        var probeMs = new Option<double>("--probe-interval") { Description = "Milliseconds between cross-border latency probes.", DefaultValueFactory = _ => 100 };
        var pollMs = new Option<double>("--queryable-poll-interval") { Description = "Milliseconds between ClickHouse polls for probes becoming queryable (event → queryable resolution; each poll is a query on the events table); at least 250 in the peak phase, where probes wait seconds behind the backlog.", DefaultValueFactory = _ => 25 };
        var batch = new Option<int>("--batch-max-events") { Description = "The correlator's batch size (correlator.batch_max_events).", DefaultValueFactory = _ => 50_000 };
        var storeBatch = new Option<int>("--store-batch-events") { Description = "Events the correlator gathers for one ClickHouse insert (correlator.store_batch_events); also the storage ceiling's insert size.", DefaultValueFactory = _ => new BenchOptions().StoreBatchEvents };
        var storeLinger = new Option<double>("--store-linger") { Description = "The longest the correlator gathers events for one ClickHouse insert, in milliseconds (correlator.store_linger).", DefaultValueFactory = _ => new BenchOptions().StoreLinger.TotalMilliseconds };
        var linger = new Option<double>("--batch-linger") { Description = "The correlator's batch linger in milliseconds (correlator.batch_linger; default: the correlator's own).", DefaultValueFactory = _ => new BenchOptions().BatchLinger.TotalMilliseconds };
        var lateness = new Option<double>("--lateness") { Description = "The correlator's allowed lateness in milliseconds (correlator.lateness): alerts wait this long in event time for stragglers.", DefaultValueFactory = _ => 1000 };
        var early = new Option<bool>("--early-firing") { Description = "Lower-bound correlations alert from the events in hand, ahead of the watermark (correlator.early_firing); false: every alert waits the lateness.", DefaultValueFactory = _ => true };
        var horizon = new Option<double?>("--early-firing-horizon") { Description = "With early firing, only events stamped at most this many milliseconds behind the wall clock fire early (correlator.early_firing_horizon); default: the lateness, so the peak phase (a backlog) leaves its alerts to the watermark." };
        var output = new Option<FileInfo>("--out") { Description = "JSON report; the SVG plot goes next to it with the extension .svg.", DefaultValueFactory = _ => new FileInfo("bench.json") };
        var command = new Command("bench", """
            Benchmark the pipeline end to end on this machine: Kafka → decode → Sigma rules → ClickHouse → alerts.
            Pushes pre-encoded signed batches as fast as the correlator takes them (peak), measures the raw consume
            rate of the same topic (the ceiling), then runs at a fraction of the peak while cross-border probes
            measure event→alert and event→queryable latency, next to the same detection as a scheduled SQL query.
            Prints progress on stderr and a markdown summary on stdout; writes JSON and an SVG plot.

            Examples:
              cyberagg bench
              cyberagg bench --events 200000 --latency-duration 10 --out /tmp/bench.json
              cyberagg bench --events 250000 --lateness 200
              cyberagg bench --early-firing false            # every alert waits the lateness (the baseline of early firing)
              cyberagg bench --early-firing-horizon 86400000 # the backlog fires early too
              cyberagg bench --kafka 10.0.0.5:9092 --clickhouse http://10.0.0.6:8123 --rate 50000
            """)
        {
            events, warmup, warmupRounds, perMessage, indicators, rules, kafka, clickHouse, partitions, sqlPeriod, rate, latencySeconds, probeMs, pollMs, batch, storeBatch, storeLinger, linger, lateness, early, horizon, output,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var stop = ShutdownSignal.Create(cancellationToken);
            var options = new BenchOptions
            {
                Events = parse.GetValue(events),
                WarmupEvents = parse.GetValue(warmup),
                WarmupRounds = parse.GetValue(warmupRounds),
                EventsPerMessage = parse.GetValue(perMessage),
                Indicators = parse.GetValue(indicators),
                Kafka = parse.GetValue(kafka),
                ClickHouse = parse.GetValue(clickHouse),
                Partitions = parse.GetValue(partitions),
                SqlPeriod = TimeSpan.FromSeconds(parse.GetValue(sqlPeriod)),
                Rate = parse.GetValue(rate),
                LatencyDuration = TimeSpan.FromSeconds(parse.GetValue(latencySeconds)),
                ProbeInterval = TimeSpan.FromMilliseconds(parse.GetValue(probeMs)),
                QueryablePollInterval = TimeSpan.FromMilliseconds(parse.GetValue(pollMs)),
                BatchMaxEvents = parse.GetValue(batch),
                BatchLinger = TimeSpan.FromMilliseconds(parse.GetValue(linger)),
                StoreBatchEvents = parse.GetValue(storeBatch),
                StoreLinger = TimeSpan.FromMilliseconds(parse.GetValue(storeLinger)),
                Lateness = TimeSpan.FromMilliseconds(parse.GetValue(lateness)),
                EarlyFiring = parse.GetValue(early),
                EarlyFiringHorizon = parse.GetValue(horizon) is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            };
            options.Rules.AddRange((parse.GetValue(rules) ?? []).Select(d => d.FullName));
            if (options.Rules.Count == 0)
            {
                options.Rules.Add(CorrelatorSetup.ShippedRules);
            }

            var json = parse.GetValue(output)!;
            if (options.Kafka is { } bootstrap)
            {
                // A Kafka the bench cannot use is one line now, not an exception after a minute of silence.
                await Console.Error.WriteLineAsync($"Checking Kafka at {bootstrap} ...");
                var kafkaOptions = new Configuration.KafkaOptions { Bootstrap = bootstrap };
                using var probe = new Configuration.KafkaReachability(kafkaOptions);
                var wait = TimeSpan.FromSeconds(10);
                if (await Task.Run(() => probe.Check(wait), stop.Token) is { } problem)
                {
                    await Console.Error.WriteLineAsync("error: " + Configuration.KafkaReachability.Explain(kafkaOptions, problem, wait).Replace("kafka.bootstrap", "--kafka", StringComparison.Ordinal));
                    return 2;
                }
            }

            try
            {
                var runner = new BenchRunner(options, Console.Error) { Command = "cyberagg " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)) };
                var report = await runner.RunAsync(stop.Token);
                json.Directory?.Create();
                await File.WriteAllTextAsync(json.FullName, BenchJson.Serialize(report), stop.Token);
                var svg = Path.ChangeExtension(json.FullName, ".svg");
                await File.WriteAllTextAsync(svg, SvgPlot.Render(report), stop.Token);
                Console.WriteLine(report.Markdown);
                Console.WriteLine($"Report: {json.FullName}, plot: {svg}");
                return 0;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }
            catch (PortInUseException e)
            {
                await Console.Error.WriteLineAsync($"error: port {e.Port} ({e.Component}) is already in use.");
                return 2;
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("Interrupted; no report written.");
                return 130;
            }
        });

        return command;
    }
}
