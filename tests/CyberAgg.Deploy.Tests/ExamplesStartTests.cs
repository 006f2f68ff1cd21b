using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

/// <summary>
/// Every deploy/examples configuration starts as the process the images run, with the same file and only the
/// connection settings substituted through environment variables (the embedded Kafka and ClickHouse stand in for
/// the clusters), and answers its health and readiness probes.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed partial class ExamplesStartTests(ClickHouseFixture clickHouse) : IClassFixture<KafkaFixture>, IDisposable
{
    private readonly ExampleStage stage = new();
    private KafkaFixture? kafka;

    private static readonly string[] Serve = ["serve-compose.yaml", "serve-kubernetes.yaml", "api-compose.yaml", "api-kubernetes.yaml"];

    public static TheoryData<string> ServeExamples() => new(Serve);

    [Fact]
    public void Examples_EveryExampleFile_HasAStartTest()
    {
        var covered = Serve.Append("agent.yaml");

        Directory.GetFiles(RepositoryPaths.InDeploy("examples"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(covered.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ServeExamples))]
    public async Task Serve_Example_StartsAndAnswersHealthAndReadiness(string example)
    {
        var file = stage.Stage(example);
        var environment = ExampleStage.EnvironmentFor(file);
        foreach (var (key, value) in Substitutions())
        {
            environment[key] = value;
        }

        using var process = Start("dotnet", [Path.Combine(Output("CyberAgg.Cli"), "cyberagg.dll"), "serve", "--config", file], environment);
        var api = example.StartsWith("api", StringComparison.Ordinal);
        var address = new Uri(await WaitForLineAsync(process, api ? ApiAddress() : OpsAddress()));
        if (api)
        {
            address.Scheme.ShouldBe("https", "the API example listens with TLS");
        }

        using var http = Client();
        (await http.GetAsync(new Uri(address, "healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.WaitAsync(async () => (await http.GetAsync(new Uri(address, "readyz"))).StatusCode == HttpStatusCode.OK, example + " is ready", TimeSpan.FromSeconds(60));
        if (!api)
        {
            (await http.GetStringAsync(new Uri(address, "metrics"))).ShouldContain("service_name=\"cyberagg-correlator\"");
        }

        await StopAsync(process);
    }

    [Fact]
    public async Task Agent_Example_StartsAndAnswersHealthAndReadiness()
    {
        var file = stage.Stage("agent.yaml");
        var environment = ExampleStage.EnvironmentFor(file);
        environment["CYBERAGG_KAFKA__BOOTSTRAP"] = Kafka.BootstrapServers;
        environment["CYBERAGG_AGENT__DATA_DIR"] = stage.Folder("agent");
        environment["CYBERAGG_INPUTS__1__LISTEN"] = "127.0.0.1:0";
        environment["CYBERAGG_INPUTS__2__LISTEN"] = "127.0.0.1:0";
        using var http = Client();

        // A free port can be taken by another test between FreePort() and the agent binding it: the agent then exits
        // naming the address, and the test tries a fresh port (at most three times) instead of waiting for nothing.
        Uri metrics = null!;
        Process process = null!;
        for (var attempt = 1; ; attempt++)
        {
            metrics = new Uri($"http://127.0.0.1:{FreePort()}/");
            environment["CYBERAGG_TELEMETRY__PROMETHEUS"] = metrics.ToString();
            process = Start(Path.Combine(Output("CyberAgg.Agent"), "cyberagg-agent"), ["run", "--config", file], environment, drainOutput: true);
            var address = metrics;
            var started = process;
            await Eventually.WaitAsync(
                async () => started.HasExited || await TryStatusAsync(http, new Uri(address, "healthz")) == HttpStatusCode.OK,
                "the agent answers /healthz",
                TimeSpan.FromSeconds(60));
            if (!process.HasExited)
            {
                break;
            }

            attempt.ShouldBeLessThan(3, "the agent exited before answering /healthz: " + string.Join('\n', Errors(process)));
            process.Dispose();
        }

        using var running = process;
        await Eventually.WaitAsync(async () => await TryStatusAsync(http, new Uri(metrics, "readyz")) == HttpStatusCode.OK, "the agent is ready", TimeSpan.FromSeconds(60));
        (await http.GetStringAsync(new Uri(metrics, "metrics"))).ShouldContain("service_name=\"cyberagg-agent\"");
        await StopAsync(process);
    }

    [Fact]
    public void AgentImage_Command_RunsTheRunVerb()
    {
        var dockerfile = File.ReadAllLines(RepositoryPaths.InDeploy("compose/cyberagg.Dockerfile"));
        var agentStage = dockerfile.SkipWhile(l => !l.Contains("AS agent", StringComparison.Ordinal)).ToList();
        var serveStage = dockerfile.SkipWhile(l => !l.Contains("AS cyberagg", StringComparison.Ordinal)).TakeWhile(l => !l.Contains("AS agent", StringComparison.Ordinal)).ToList();

        agentStage.ShouldContain("ENTRYPOINT [\"/app/cyberagg-agent\"]");
        agentStage.ShouldContain("CMD [\"run\", \"--config\", \"/etc/cyberagg/agent.yaml\"]");
        serveStage.ShouldContain("ENTRYPOINT [\"/app/cyberagg\"]");
        serveStage.ShouldContain(l => l.StartsWith("CMD [\"serve\"", StringComparison.Ordinal));
    }

    [Fact]
    public void ServeExamples_UseTheRulesTheImageAndComposeMount()
    {
        var dockerfile = File.ReadAllText(RepositoryPaths.InDeploy("compose/cyberagg.Dockerfile"));
        var compose = File.ReadAllText(RepositoryPaths.InDeploy("compose/docker-compose.yml"));

        dockerfile.ShouldContain("COPY rules/ /usr/share/cyberagg/rules/");
        compose.ShouldContain("../../rules:/usr/share/cyberagg/rules:ro");
        foreach (var example in new[] { "serve-compose.yaml", "serve-kubernetes.yaml" })
        {
            File.ReadAllText(RepositoryPaths.InDeploy("examples/" + example)).ShouldContain("rules: [/usr/share/cyberagg/rules]");
        }
    }

    private KafkaFixture Kafka => kafka ??= StartKafka();

    private static KafkaFixture StartKafka()
    {
        var fixture = new KafkaFixture();
        fixture.InitializeAsync().GetAwaiter().GetResult();
        return fixture;
    }

    /// <summary>Only where to find Kafka and ClickHouse and where to listen change; everything else is the example's.</summary>
    private Dictionary<string, string> Substitutions() => new(StringComparer.Ordinal)
    {
        ["CYBERAGG_KAFKA__BOOTSTRAP"] = Kafka.BootstrapServers,
        // The embedded Kafka speaks neither TLS nor SASL (deploy/README.md); the real clusters do.
        ["CYBERAGG_KAFKA__SECURITY_PROTOCOL"] = "plaintext",
        ["CYBERAGG_CLICKHOUSE__URL"] = clickHouse.Endpoint.ToString().TrimEnd('/'),
        ["CYBERAGG_CLICKHOUSE__USERNAME"] = ConnectionPart("Username") ?? "default",
        ["CYBERAGG_CLICKHOUSE__PASSWORD"] = ConnectionPart("Password") ?? "",
        ["CYBERAGG_API__LISTEN"] = "127.0.0.1:0",
        ["CYBERAGG_TELEMETRY__LISTEN"] = "127.0.0.1:0",
        ["CYBERAGG_TELEMETRY__OTLP_ENDPOINT"] = "",
    };

    private string? ConnectionPart(string name) =>
        clickHouse.ConnectionString().Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && string.Equals(p[0], name, StringComparison.OrdinalIgnoreCase))?[1];

    private HttpClient Client()
    {
        var thumbprint = stage.Certificate.Thumbprint;
#pragma warning disable CA2000 // The client owns and disposes the handler.
        var handler = new HttpClientHandler
        {
            // Trust exactly the staged certificate, nothing else.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static async Task<HttpStatusCode?> TryStatusAsync(HttpClient http, Uri uri)
    {
        try
        {
            return (await http.GetAsync(uri)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static Process Start(string executable, IEnumerable<string> arguments, Dictionary<string, string> environment, bool drainOutput = false)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => Errors(process).Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        if (drainOutput)
        {
            // Nobody reads this process's stdout: drain it, so a chatty start cannot block on a full pipe.
            process.OutputDataReceived += (_, e) => Errors(process).Enqueue(e.Data ?? "");
            process.BeginOutputReadLine();
        }

        return process;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Collections.Concurrent.ConcurrentQueue<string>> ErrorLines = [];

    private static System.Collections.Concurrent.ConcurrentQueue<string> Errors(Process process) => ErrorLines.GetOrCreateValue(process);

    private static async Task<string> WaitForLineAsync(Process process, Regex pattern)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            seen.Add(line);
            if (pattern.Match(line) is { Success: true } match)
            {
                // Keep draining stdout so the process never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return match.Groups["url"].Value;
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"the process exited ({process.ExitCode}) before printing its address:\n{string.Join('\n', seen)}\n{string.Join('\n', Errors(process))}");
    }

    private static async Task StopAsync(Process process)
    {
        (await ExternalTool.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])).ExitCode.ShouldBe(0);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        process.ExitCode.ShouldBe(0, string.Join('\n', Errors(process)));
    }

    /// <summary>The build output folder of a src project, beside this test's own configuration and framework.</summary>
    private static string Output(string project)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryPaths.Root, "src", project, "bin", testDir.Parent!.Name, testDir.Name);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        stage.Dispose();
        kafka?.DisposeAsync().GetAwaiter().GetResult();
    }

    [GeneratedRegex(@"Health and metrics: (?<url>http://[0-9.:]+/)healthz")]
    private static partial Regex OpsAddress();

    [GeneratedRegex(@"API and dashboard: (?<url>https?://[0-9.:]+/)")]
    private static partial Regex ApiAddress();
}
