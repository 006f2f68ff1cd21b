using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Bench;

public sealed class BenchCommandTests
{
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");

    [Fact]
    public async Task Bench_KafkaUnreachable_OneLineErrorNamingTheFlag()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var result = await ExternalTool.RunAsync("dotnet", [Cli, "bench", "--kafka", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--events", "1000"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        errors.ShouldHaveSingleItem().ShouldContain("--kafka");
        result.Error.ShouldNotContain("   at ", customMessage: "no stack trace");
    }
}
