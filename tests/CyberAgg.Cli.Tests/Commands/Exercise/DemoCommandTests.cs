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
            [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "demo", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0", "--api-port", "0", "--speed", "900", "--noise", "0.2"]);

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

        result.ExitCode.ShouldBe(0, result.Error);
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
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var status = (System.Net.HttpStatusCode)0;

        // Two budgets, so a slow start on a loaded machine does not eat the stop's: reaching "still live", then exiting on Ctrl-C.
        var phase = "reach 'still live' within 4 minutes";
        var budget = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(budget.Token) is { } line)
            {
                output.AppendLine(line);
                var live = System.Text.RegularExpressions.Regex.Match(line, @"dashboard is still live at (\S+) ");
                if (live.Success)
                {
                    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                    status = (await client.GetAsync(new Uri(new Uri(live.Groups[1].Value), "/healthz"), budget.Token)).StatusCode;
                    budget.Dispose();
                    phase = "exit within 60 s of Ctrl-C (a test run started in the background of a non-interactive shell passes SIGINT on ignored, see /proc/<pid>/status SigIgn)";
                    budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    using var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    await kill.WaitForExitAsync(budget.Token);
                }
            }

            await process.WaitForExitAsync(budget.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"demo did not {phase}. stdout: " + output + " stderr: " + await stderr);
        }
        finally
        {
            budget.Dispose();
        }

        return (process.ExitCode, output.ToString(), await stderr, status);
    }

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
