using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands;

/// <summary><c>cyberagg serve</c> as an operator runs it: a real process, its one-line errors, its probes and metrics.</summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(30);
    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-serve-tests").FullName;

    [Fact]
    public async Task Serve_ClickHouseUnreachable_PrintsOneLineNamingTheKeys()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Cli, "serve", "--set", $"clickhouse.url=http://127.0.0.1:{FreePort()}", "--set", "ingest.trust=open", "--set", "telemetry.listen=off"]);

        result.ExitCode.ShouldBe(2);
        var line = result.Error.Trim();
        line.ShouldNotContain("\n");
        line.ShouldStartWith("error: cannot use ClickHouse at http://127.0.0.1:");
        line.ShouldContain("check clickhouse.url");
    }

    [Fact]
    public async Task Serve_KafkaUnreachable_PrintsOneLineNamingBootstrap()
    {
        var port = FreePort();

        var result = await ExternalTool.RunAsync("dotnet", [Cli, "serve", "--embedded", "--data", Path.Combine(dir, "data"), "--kafka-port", "0", "--clickhouse-port", "0", "--set", $"kafka.bootstrap=127.0.0.1:{port}", "--set", "telemetry.listen=off"]);

        result.ExitCode.ShouldBe(2);
        var errors = result.Error.Trim().Split('\n');
        errors.ShouldHaveSingleItem().ShouldStartWith($"error: cannot reach Kafka at 127.0.0.1:{port} within 10s");
        errors[0].ShouldContain("check kafka.bootstrap");
    }

    [Fact]
    public async Task Serve_BadYaml_NamesFileAndLine()
    {
        var config = Path.Combine(dir, "bad.yaml");
        await File.WriteAllTextAsync(config, "kafka:\n  bootstrap: a:1\n bad: indent\n");

        var result = await ExternalTool.RunAsync("dotnet", [Cli, "serve", "--config", config]);

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldStartWith($"error: {config}:3:");
        result.Error.ShouldContain("(line 3, column");
    }

    [Fact]
    public async Task Serve_SharingFileMissing_NamesApiSharing()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Cli, "serve", "--set", "api.sharing=" + Path.Combine(dir, "nope.yaml"), "--set", "ingest.trust=open"]);

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldStartWith("error: api.sharing: '");
    }

    [Fact]
    public async Task Serve_DurationWithUnit_IsAccepted()
    {
        var result = await ExternalTool.RunAsync("dotnet", [Cli, "serve", "--set", "correlator.lateness=five minutes", "--set", "ingest.trust=open"]);

        result.ExitCode.ShouldBe(2);
        result.Error.Trim().ShouldBe("error: correlator.lateness: 'five minutes' is not a duration; write a number with a unit: 250ms, 30s, 5m, 1h or 1h30m.");
    }

    [Fact]
    public async Task Serve_EmbeddedCorrelatorOnly_ServesHealthReadinessAndSecondsHistograms()
    {
        await using var serve = CliProcess.Start(["serve", "--embedded", "--data", Path.Combine(dir, "data"), "--kafka-port", "0", "--clickhouse-port", "0", "--set", "telemetry.listen=127.0.0.1:0", "--set", "correlator.lateness=10m"]);
        var lines = await serve.ReadUntilAsync("Correlator:", StartBudget);
        var ops = new Uri(OpsAddress().Match(string.Join('\n', lines)).Groups["url"].Value);
        var bootstrap = Bootstrap().Match(lines[^1]).Groups["bootstrap"].Value;

        (await Http.GetAsync(new Uri(ops, "healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.WaitAsync(async () => (await Http.GetAsync(new Uri(ops, "readyz"))).StatusCode == HttpStatusCode.OK, "the correlator is ready", TimeSpan.FromSeconds(60));
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            var now = DateTimeOffset.FromUnixTimeSeconds(1_780_000_000).ToString("O", CultureInfo.InvariantCulture);
            await producer.ProduceAsync("cyberagg.events.v1", new Message<Null, string> { Value = $$$"""{"@timestamp":"{{{now}}}","observer":{"partner":"ee-cert","country":"EE","name":"s1"},"event":{"kind":"alert","severity":7},"source":{"ip":"198.51.100.7"}}""" });
        }

        string scraped = "";
        await Eventually.WaitAsync(async () => (scraped = await Http.GetStringAsync(new Uri(ops, "metrics"))).Contains("cyberagg_correlator_events_stored_total", StringComparison.Ordinal), "the event is stored", TimeSpan.FromSeconds(60));

        scraped.ShouldContain("service_name=\"cyberagg-correlator\"");
        scraped.ShouldContain("cyberagg_correlator_stage_duration_seconds_bucket");
        var histograms = PrometheusScrape.Buckets(scraped);
        histograms.ShouldNotBeEmpty();
        histograms.ShouldAllBe(h => h.Value.SequenceEqual(PrometheusScrape.SecondsBoundaries));
        await StopAsync(serve);
    }

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>GET from serve's listener; when serve is gone it fails with the process's exit code and stderr, not a bare "connection refused".</summary>
    private static async Task<HttpResponseMessage> GetFromAsync(CliProcess serve, Uri uri)
    {
        try
        {
            return await Http.GetAsync(uri);
        }
        catch (HttpRequestException refused)
        {
            if (await serve.WaitForExitAsync(TimeSpan.FromSeconds(5)))
            {
                throw new InvalidOperationException($"serve exited while the test still needed it; {serve.Describe()}", refused);
            }

            throw;
        }
    }

    private static async Task StopAsync(CliProcess serve) =>
        (await serve.StopAsync("TERM", StopBudget)).ShouldBe(0, $"serve exits 0 on SIGTERM; {serve.Describe()}");

    public void Dispose()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"Health and metrics: (?<url>http://[0-9.:]+/)healthz")]
    private static partial Regex OpsAddress();

    [GeneratedRegex(@"Correlator: Kafka (?<bootstrap>[0-9.:]+) ")]
    private static partial Regex Bootstrap();
}
