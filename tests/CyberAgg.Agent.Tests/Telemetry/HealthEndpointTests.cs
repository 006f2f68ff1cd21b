using System.Net;
using System.Net.Sockets;
using CyberAgg.Agent.Commands;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Configuration;
using CyberAgg.Testing;

namespace CyberAgg.Agent.Tests.Telemetry;

/// <summary>The agent's /metrics, /healthz and /readyz on telemetry.prometheus, as the DaemonSet probes them.</summary>
[Collection(AgentKafkaCollection.Name)]
public sealed class HealthEndpointTests(KafkaFixture kafka)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Endpoints_KafkaUp_HealthReadyAndMetricsInSecondsBuckets()
    {
        var prefix = FreePrefix();
        using var telemetry = new AgentTelemetry();
        using var metrics = AgentHosting.CreateMeterProvider(new TelemetryOptions { Prometheus = prefix });
        using var health = HealthEndpoint.Start(prefix, new KafkaOptions { Bootstrap = kafka.BootstrapServers });
        telemetry.DeliveryLatency.Record(0.029);

        (await Http.GetAsync(new Uri(prefix, "healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await Http.GetAsync(new Uri(prefix, "readyz"));
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        var scraped = await Http.GetStringAsync(new Uri(prefix, "metrics"));

        scraped.ShouldContain("service_name=\"cyberagg-agent\"");
        scraped.ShouldContain("service_version=\"" + CyberAgg.Configuration.Telemetry.ProductInfo.Version + "\"");
        var histograms = PrometheusScrape.Buckets(scraped);
        histograms.Keys.ShouldContain("cyberagg_agent_delivery_latency_seconds");
        histograms.ShouldAllBe(h => h.Value.SequenceEqual(PrometheusScrape.SecondsBoundaries));
    }

    [Fact]
    public async Task Readyz_KafkaUnreachable_Is503NamingKafka()
    {
        var prefix = FreePrefix();
        using var health = HealthEndpoint.Start(prefix, new KafkaOptions { Bootstrap = "127.0.0.1:" + FreePort() });

        (await Http.GetAsync(new Uri(prefix, "healthz"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await Http.GetAsync(new Uri(prefix, "readyz"));

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldContain("Kafka does not answer");
    }

    [Fact]
    public void Explain_TakenSyslogPort_NamesTheInputKeyAndPort()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = (IPEndPoint)squatter.LocalEndpoint;
        InputOptions[] inputs =
        [
            new() { Name = "files", Type = InputType.File, Paths = ["/tmp/x"] },
            new() { Name = "tcp", Type = InputType.SyslogTcp, Listen = taken },
        ];

        var message = InputPorts.Explain(inputs, new SocketException((int)SocketError.AddressAlreadyInUse));

        message.ShouldStartWith($"inputs.1.listen: {taken} (tcp, input tcp) is already in use");
    }

    private static Uri FreePrefix() => new($"http://127.0.0.1:{FreePort()}/");

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
