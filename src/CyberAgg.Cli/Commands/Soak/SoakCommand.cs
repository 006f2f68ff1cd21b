using System.CommandLine;
using CyberAgg.Configuration;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary><c>cyberagg soak</c>: the conservation soak (mixed traffic, SIGKILLs and broker outages, then an audit).</summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var duration = new Option<string>("--duration") { Description = "How long traffic flows and faults are injected, e.g. 2m or 1h.", DefaultValueFactory = _ => "2m" };
        var rate = new Option<int>("--rate") { Description = "Background events per second (signed agent batches of 50).", DefaultValueFactory = _ => 2_000 };
        var killEvery = new Option<string>("--kill-every") { Description = "Mean time between SIGKILLs of the correlator (0 turns them off).", DefaultValueFactory = _ => "20s" };
        var outageEvery = new Option<string>("--outage-every") { Description = "Mean time between broker outages (0 turns them off).", DefaultValueFactory = _ => "30s" };
        var outageLength = new Option<string>("--outage-length") { Description = "How long one broker stays down.", DefaultValueFactory = _ => "3s" };
        var drain = new Option<string>("--drain-timeout") { Description = "Longest wait after traffic stops for everything to be stored and decided.", DefaultValueFactory = _ => "3m" };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault schedule and traffic mix (repeat a failing run with it).", DefaultValueFactory = _ => 1 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder for the embedded ClickHouse data (default: a new temporary folder)." };
        var command = new Command("soak", """
            Check the storage promise under faults. Starts the embedded Kafka and ClickHouse, runs 'cyberagg serve'
            as a child process, and sends mixed traffic: signed agent batches from three partners in three countries,
            third-party JSON, poison messages (truncated JSON, a broken signature, garbage), replays of acknowledged
            batches, and a cross-border indicator every 3 seconds. Meanwhile it kills the correlator with SIGKILL and
            takes brokers down and up. Then it audits ClickHouse: every event Kafka acknowledged is stored exactly
            once, every cross-border indicator has exactly one alert and no other cross-border alert exists, and every
            poison message is in the dead-letter table. Prints progress on stderr, the table on stdout; exits 1 when
            a promise broke, 2 when the run could not start.

            Examples:
              cyberagg soak
              cyberagg soak --duration 30m --rate 5000 --kill-every 45s --seed 7
              cyberagg soak --duration 1m --kill-every 0 --outage-every 10s
            """)
        {
            duration, rate, killEvery, outageEvery, outageLength, drain, seed, data,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var stop = ShutdownSignal.Create(cancellationToken);
            SoakOptions options;
            try
            {
                options = new SoakOptions
                {
                    Duration = Duration.Parse("--duration", parse.GetValue(duration)),
                    Rate = parse.GetValue(rate),
                    KillEvery = OffOrDuration("--kill-every", parse.GetValue(killEvery)),
                    OutageEvery = OffOrDuration("--outage-every", parse.GetValue(outageEvery)),
                    OutageLength = Duration.Parse("--outage-length", parse.GetValue(outageLength)),
                    DrainTimeout = Duration.Parse("--drain-timeout", parse.GetValue(drain)),
                    Seed = parse.GetValue(seed),
                };
            }
            catch (ConfigurationException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }

            if (parse.GetValue(data) is { } folder)
            {
                options.DataDirectory = folder.FullName;
            }

            if (options.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync("error: " + problem);
                return 2;
            }

            var report = await new SoakRun(options, Console.Error, TimeProvider.System).RunAsync(stop.Token);
            if (report is null)
            {
                return 2;
            }

            Console.Write(report.ToMarkdown());
            return report.Passed ? 0 : 1;
        });
        return command;
    }

    private static TimeSpan OffOrDuration(string option, string? text) =>
        text is "0" or "off" ? TimeSpan.Zero : Duration.Parse(option, text);
}
