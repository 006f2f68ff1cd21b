using System.Net;
using System.Net.Sockets;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands;

/// <summary>The <c>cyberagg infra</c> executable as a user runs it: a real process, real ports, real signals.</summary>
public sealed class InfraCommandTests : IDisposable
{
    private readonly string data = Path.Combine(Path.GetTempPath(), "cyberagg-cli-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Infra_KafkaPortTaken_PrintsOneLineNamingPortAndFlag()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var result = await ExternalTool.RunAsync("dotnet", [Cli, "infra", "--kafka-only", "--kafka-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldBe($"error: port {port} (kafka) is already in use; stop what holds it or choose another port with --kafka-port.");
    }

    [Fact]
    public async Task Infra_ConflictingOnlyFlags_IsRejected()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Cli, "infra", "--kafka-only", "--clickhouse-only"]);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--kafka-only and --clickhouse-only exclude each other");
    }

    [Fact]
    public async Task Infra_Sigterm_PrintsEndpointsThenStopsCleanly()
    {
        await using var infra = CliProcess.Start(["infra", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0"]);
        var lines = await infra.ReadUntilAsync("Press Ctrl-C", TimeSpan.FromMinutes(2));

        lines.ShouldContain(l => l.Contains("Kafka bootstrap", StringComparison.Ordinal) && l.Contains("3 brokers", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("ClickHouse HTTP", StringComparison.Ordinal) && l.Contains("engine 26.", StringComparison.Ordinal));
        // The printed curl line works as printed, and the password itself is not on the screen.
        var password = (await File.ReadAllTextAsync(Path.Combine(data, "clickhouse", "password"))).Trim();
        lines.ShouldNotContain(l => l.Contains(password, StringComparison.Ordinal));
        var curl = lines.Single(l => l.TrimStart().StartsWith("try: curl -u ", StringComparison.Ordinal)).Trim()["try: ".Length..];
        ExternalTool.Require("curl", "curl");
        var tables = await ExternalTool.RunAsync("bash", ["-c", curl + " --fail -sS"]);
        tables.ExitCode.ShouldBe(0, tables.Error);
        tables.Output.ShouldContain("alerts");
        var anonymous = await ExternalTool.RunAsync("bash", ["-c", curl.Replace("curl -u ", "curl -o /dev/null -w '%{http_code}' -H x:", StringComparison.Ordinal)]);
        anonymous.Output.ShouldBe("401");

        (await infra.StopAsync("TERM", TimeSpan.FromSeconds(30))).ShouldBe(0, $"infra exits 0 on SIGTERM; {infra.Describe()}");
        infra.Output.ShouldContain("Stopping");
        Directory.Exists(Path.Combine(data, "clickhouse")).ShouldBeTrue("ClickHouse data persists under --data");
    }

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");

    public void Dispose()
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
