using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Exercise;

/// <summary><c>cyberagg demo</c> as a new user runs it, shortened: real process, embedded infrastructure, real scenario.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "cyberagg-demo-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_ShortRun_StoresEverythingSentAndDetectsTheCrossBorderSteps()
    {
        var result = await RunUntilLiveThenInterruptAsync(
            ["demo", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0", "--api-port", "0", "--speed", "900", "--noise", "0.2"]);

        result.ExitCode.ShouldBe(0, result.Error);
        result.DashboardAfterScenario.ShouldBe(System.Net.HttpStatusCode.OK, "the dashboard answers after the scenario has ended");
        result.Output.ShouldContain("Stopping ...");
        var summary = result.Output.Split('\n').Single(l => l.StartsWith("Events: ", StringComparison.Ordinal));
        var numbers = System.Text.RegularExpressions.Regex.Matches(summary, @"[\d,]+ (sent|stored)").Select(m => m.Value.Split(' ')[0]).ToList();
        numbers.Count.ShouldBe(2);
        numbers[0].ShouldBe(numbers[1], "every event sent is stored: " + summary);
        result.Output.ShouldContain("coverage 100 %", customMessage: result.Output + result.Error);
        result.Output.ShouldContain("1. Phishing wave [login-gov-verify.example]: detected in");
        result.Output.ShouldContain("4. Local-only reconnaissance (should not cross a border) [198.51.100.23]: not cross-border");
        result.Output.ShouldContain("Dashboard    http://127.0.0.1:");
        // The sharing service fed the partners' own topics: step 1 has a time to partner alert, not "no partner feed".
        File.ReadAllText(Path.Combine(data, "demo-report.md")).ShouldMatch(@"(?m)^\| 1 \| Phishing wave \|.*\| [\d,]+ ms \| [\d,]+ ms \|$");
        File.ReadAllText(Path.Combine(data, "demo-report.svg")).ShouldStartWith("<svg");
    }

    [Fact]
    public async Task Demo_ExitWhenDone_EndsWithTheSummaryWithoutWaitingForCtrlC()
    {
        var result = await ExternalTool.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "demo", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0", "--api-port", "0",
                "--speed", "900", "--noise", "0", "--duration", "00:00:01", "--exit-when-done"],
            timeout: TimeSpan.FromMinutes(2));

        // Both streams: a run that failed in a CI simulation exited 1 after 5 s with nothing on stderr.
        result.ExitCode.ShouldBe(0, $"stdout:\n{result.Output}\nstderr:\n{result.Error}");
        result.Output.ShouldContain("Report: ");
        result.Output.ShouldNotContain("still live");
    }

    [Fact]
    public async Task Demo_UnknownScenario_OneLineErrorPointingAtTheShippedOnes()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "demo", "--scenario", "no-such.yaml"]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no-such.yaml");
        result.Error.ShouldContain("scenarios/");
    }

    /// <summary>
    /// Runs the demo as a user does: waits for the line saying the dashboard is still live, checks that it answers,
    /// then presses Ctrl-C (SIGINT) and waits for a clean exit.
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Error, System.Net.HttpStatusCode DashboardAfterScenario)> RunUntilLiveThenInterruptAsync(string[] arguments)
    {
        await using var demo = CliProcess.Start(arguments);

        // 3 min in all, in two budgets so a slow start on a loaded machine does not eat the stop's: 2 min to reach "still live", then 60 s to exit on Ctrl-C.
        var lines = await demo.ReadUntilAsync("Scenario finished. The dashboard is still live at ", TimeSpan.FromMinutes(2));
        var live = System.Text.RegularExpressions.Regex.Match(lines[^1], @"dashboard is still live at (\S+) ");
        live.Success.ShouldBeTrue($"the 'still live' line names the dashboard's address: {lines[^1]}");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var status = (await client.GetAsync(new Uri(new Uri(live.Groups[1].Value), "/healthz"))).StatusCode;

        var exitCode = await demo.StopAsync("INT", TimeSpan.FromSeconds(60));
        return (exitCode, demo.Output, demo.Errors, status);
    }

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
