using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CyberAgg.Cli.Tests.Commands.Soak;

/// <summary>
/// <c>cyberagg soak</c> as a process, short: mixed traffic while the correlator is killed with SIGKILL and brokers go
/// down and up; every acknowledged event stored once, every cross-border indicator alerted once, every poison message
/// dead-lettered.
/// </summary>
public sealed partial class SoakCommandTests
{
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");

    [Fact]
    public async Task Soak_KillsAndBrokerOutages_EveryAcknowledgedEventStoredOnceAndEveryAlertRaisedOnce()
    {
        var (exit, output, errors) = await RunAsync(
            "soak", "--duration", "35s", "--rate", "1500", "--kill-every", "10s", "--outage-every", "12s", "--drain-timeout", "200s", "--seed", "11");

        exit.ShouldBe(0, output + errors);
        output.ShouldContain("PASSED");
        Figure(output, "lost").ShouldBe("0");
        Figure(output, "duplicates \\(ppm\\)").ShouldStartWith("0 ");
        Figure(output, "correlator SIGKILLs / unexpected exits").ShouldMatch(@"^[1-9]\d* / 0$", "the correlator was killed at least once and never died by itself");
        int.Parse(Figure(output, "broker outages"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        int.Parse(Figure(output, "acknowledged batches replayed"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        Figure(output, "poison messages dead-lettered").ShouldMatch(@"^([1-9]\d*) of \1$");
        Figure(output, "cross-border alerts present once").ShouldMatch(@"^([1-9]\d*) of \1 \(missing 0, duplicated 0, false 0\)$");
        long.Parse(Figure(output, "events acknowledged by Kafka").Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(20_000);
    }

    [Theory]
    [InlineData("--duration", "soon", "--duration")]
    [InlineData("--rate", "0", "--rate 0 is out of range")]
    [InlineData("--kill-every", "-5s", "--kill-every")]
    public async Task Soak_BadOption_OneLineErrorNamingIt(string option, string value, string expected)
    {
        var (exit, _, errors) = await RunAsync("soak", option, value);

        exit.ShouldBe(2);
        errors.Trim().Split('\n').Length.ShouldBe(1, errors);
        errors.ShouldContain(expected);
    }

    private static string Figure(string output, string measure)
    {
        var match = Regex.Match(output, $@"^\| {measure} \| (.+) \|$", RegexOptions.Multiline);
        match.Success.ShouldBeTrue($"the report has a row '{measure}': {output}");
        return match.Groups[1].Value;
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
