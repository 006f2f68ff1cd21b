using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Exercise;

/// <summary><c>cyberagg simulate</c> refuses bad flags with one line naming the flag and the fix, before touching Kafka.</summary>
public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Simulate_NegativeMaxBacklog_OneLineErrorNamingTheFlagAndTheFix()
    {
        // Nothing listens on port 1: the command must refuse the flag before it tries Kafka.
        var result = await ExternalTool.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), "simulate", "--scenario", "baltic-campaign.yaml", "--kafka", "127.0.0.1:1", "--max-backlog-mib", "-5"],
            timeout: TimeSpan.FromMinutes(1));

        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        var error = result.Error.Trim();
        error.ShouldNotContain("\n", customMessage: "one line: " + error);
        error.ShouldContain("--max-backlog-mib");
        error.ShouldContain("-5");
        error.ShouldContain("0 to never hold back");
        result.Output.ShouldNotContain("Playing");
    }
}
