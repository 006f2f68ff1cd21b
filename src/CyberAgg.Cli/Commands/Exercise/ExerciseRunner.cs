using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CyberAgg.Events.Ingest;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using CyberAgg.Simulation.Scoring;

namespace CyberAgg.Cli.Commands.Exercise;

/// <summary>Plays a scenario while watching the alert topics, prints progress, and scores the result.</summary>
internal static class ExerciseRunner
{
    /// <summary>Finds a scenario: as given, else under ./scenarios, else among those shipped next to the executable.</summary>
    public static string Locate(string scenario)
    {
        foreach (var candidate in new[] { scenario, Path.Combine("scenarios", scenario), Path.Combine(AppContext.BaseDirectory, "scenarios", scenario), Path.Combine(AppContext.BaseDirectory, "scenarios", scenario + ".yaml") })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return scenario;
    }

    /// <summary>Fresh random ingest keys for every partner, for deployments that learn them from the caller (the demo).</summary>
    public static Dictionary<string, IngestKey> RandomKeys(Scenario scenario) =>
        scenario.Partners.ToDictionary(p => p.Id, p => new IngestKey(p.Id, "demo", RandomNumberGenerator.GetBytes(32), p.Country), StringComparer.Ordinal);

    public static async Task<(ExerciseScore Score, ScenarioPlayer Player)> RunAsync(
        Scenario scenario,
        PlaybackOptions playback,
        TimeSpan? stopAfter,
        Func<string>? status,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        using var observer = new AlertObserver(playback.BootstrapServers, scenario.Partners.Select(p => p.Id));
        await observer.StartAsync();
        var player = new ScenarioPlayer(scenario, playback);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (stopAfter is { } after)
        {
            limit.CancelAfter(after);
        }

        var clock = Stopwatch.StartNew();
        var progress = new Progress<PlaybackProgress>(p => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  [{clock.Elapsed:mm\\:ss}] scenario {p.ScenarioTime:d\\.hh\\:mm\\:ss} of {p.Duration:d\\.hh\\:mm\\:ss} | sent {p.EventsSent:N0} | steps {p.StepsPlayed}/{scenario.Steps.Count}{(p.HeldBack > 0 ? $" | held back {p.HeldBack:N0}x for the correlator" : "")}{(status is null ? "" : " | " + status())}")));
        await player.PlayAsync(progress, limit.Token);

        // Give the last sightings time to be correlated and their alerts to arrive, without waiting forever.
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(30) && !cancellationToken.IsCancellationRequested
            && player.Truth.Any(t => t.DetectableAt is not null && !Detected(observer, scenario, player, t)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        return (ExerciseScore.Compute(scenario, player, observer.Received), player);
    }

    private static bool Detected(AlertObserver observer, Scenario scenario, ScenarioPlayer player, StepTruth truth) =>
        observer.Received.Any(o => o.Alert.Kind == CyberAgg.Events.Alerts.AlertKinds.CrossBorder && o.Alert.LastSeen >= player.EventTimeStart && ExerciseScore.Mentions(o.Alert, scenario.Steps[truth.Index]));

    /// <summary>Writes the markdown report and its SVG timeline; returns the report path.</summary>
    public static string WriteReport(ExerciseScore score, ScenarioPlayer player, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var svg = Path.ChangeExtension(full, ".svg");
        File.WriteAllText(svg, ExerciseReport.TimelineSvg(score, player.Truth));
        File.WriteAllText(full, ExerciseReport.Markdown(score, Path.GetFileName(svg)));
        return full;
    }

    public static void PrintSummary(ExerciseScore score, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Exercise '{score.Scenario.Name}': coverage {score.Coverage:P0}, {score.CrossBorderAlerts} cross-border alerts, {score.FalseAlerts.Count} false.");
        foreach (var step in score.Steps)
        {
            var outcome = step.DetectableAt is null ? "not cross-border (one country), no alert expected"
                : step.Detected ? $"detected in {step.TimeToDetect?.TotalMilliseconds:N0} ms by '{step.RuleTitle}'"
                : "MISSED";
            output.WriteLine($"  {step.Index + 1}. {step.Name} [{step.Indicator}]: {outcome}");
        }
    }
}
