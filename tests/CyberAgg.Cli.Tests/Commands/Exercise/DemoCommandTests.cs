using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Exercise;

/// <summary><c>cyberagg demo</c> as a new user runs it, shortened: real process, embedded infrastructure, real scenario.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "cyberagg-demo-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_ShortRun_StoresEverythingSentAndDetectsTheCrossBorderSteps()
    {
        var result = await ExternalTool.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "demo", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0", "--api-port", "0", "--speed", "900", "--noise", "0.2"],
            timeout: TimeSpan.FromMinutes(3));

        result.ExitCode.ShouldBe(0, result.Error);
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
    public async Task Demo_UnknownScenario_OneLineErrorPointingAtTheShippedOnes()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "demo", "--scenario", "no-such.yaml"]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no-such.yaml");
        result.Error.ShouldContain("scenarios/");
    }

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
