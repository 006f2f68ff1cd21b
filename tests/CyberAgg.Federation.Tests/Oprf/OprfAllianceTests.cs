using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Local;
using CyberAgg.Federation.Tests.Local;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace CyberAgg.Federation.Tests.Oprf;

/// <summary>
/// Three sovereign nodes in oprf mode (EE and LV are the key services, no node holds the key) and central mode on one
/// short scenario: the cross-border alerts must be central mode's, and nothing on any alliance topic a raw value.
/// </summary>
public sealed class OprfAllianceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ScenarioYaml = """
        name: Sovereign oprf campaign
        description: Three countries in oprf mode.
        duration: 8m
        speed: 100
        seed: 5
        partners:
          - { id: ee-cert, country: EE, sector: government, noise_per_minute: 30 }
          - { id: lv-cert, country: LV, sector: government, noise_per_minute: 30 }
          - { id: lt-cert, country: LT, sector: government, noise_per_minute: 30 }
        steps:
          - name: Phishing wave
            at: 1m
            technique: T1566.002
            indicator: { domain: login-gov-verify.example }
            seen_by: [ee-cert, lv-cert]
            spread: 2m
            events_per_partner: 2
          - name: C2 beaconing
            at: 3m
            technique: T1071.001
            indicator: { url_domain: cdn-telemetry-sync.example }
            seen_by: [lt-cert, ee-cert, lv-cert]
            spread: 2m
            events_per_partner: 1
        """;

    private LocalAlliance alliance = null!;
    private DateTimeOffset start;

    public async Task InitializeAsync()
    {
        var clickHouse = await SharedClickHouse.GetAsync();
        var scenario = ScenarioLoader.Parse(ScenarioYaml);
        var keys = scenario.Partners.ToDictionary(p => p.Id, p => new IngestKey(p.Id, "test", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), p.Country), StringComparer.Ordinal);
        // In the past, inside the current or previous key epoch (the key services hand out no far-off epoch).
        start = TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(10);
        alliance = await LocalAlliance.StartAsync(
            new LocalAllianceOptions
            {
                Nodes =
                [
                    new NodeSpec("ee-node", "EE", ["ee-cert"]),
                    new NodeSpec("lv-node", "LV", ["lv-cert"]),
                    new NodeSpec("lt-node", "LT", ["lt-cert"]),
                ],
                ClickHouse = new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Password = clickHouse.Password },
                DatabasePrefix = "oprf_" + Guid.NewGuid().ToString("N")[..6] + "_",
                Rules = SovereignRunFixture.Rules,
                Correlator = new CorrelatorOptions
                {
                    Lateness = TimeSpan.FromMinutes(3),
                    IdleTimeout = TimeSpan.FromSeconds(2),
                    RestoreState = false,
                    MaxClockSkew = TimeSpan.FromMinutes(5),
                },
                Ingest = new IngestOptions
                {
                    Trust = IngestTrust.Open,
                    Keys = scenario.Partners.Select(p => new IngestKeyOptions { Partner = p.Id, KeyId = "test", Country = p.Country, Secret = "base64:" + Convert.ToBase64String(keys[p.Id].Secret.ToArray()) }).ToList(),
                },
                Epoch = TimeSpan.FromHours(1),
                Oprf = true,
            },
            NullLoggerFactory.Instance);
        await Eventually.WaitAsync(() => alliance.Nodes.All(n => n.Pipeline!.AssignedPartitions > 0) && alliance.CentralPipeline!.AssignedPartitions > 0, "every correlator owns its events partitions");
        var player = new ScenarioPlayer(scenario, new PlaybackOptions { BootstrapServers = alliance.Ingress.BootstrapServers, Keys = keys, Start = start, BatchSize = 200 });
        await player.PlayAsync(new Quiet(), CancellationToken.None);
        var decided = start + TimeSpan.FromMinutes(6);
        await Eventually.WaitAsync(
            () => alliance.CentralPipeline!.Watermark >= decided && alliance.Nodes.All(n => n.Matcher is { } m && m.Watermark >= decided),
            "central mode and every node's matcher decided the scenario's windows",
            TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Alerts_OprfMode_MatchCentralModeAndCrossNoValue()
    {
        var comparison = alliance.Compare();
        var settle = System.Diagnostics.Stopwatch.StartNew();
        while ((comparison.Missed.Count > 0 || comparison.Extra.Count > 0) && settle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            comparison = alliance.Compare();
        }

        foreach (var n in alliance.Nodes)
        {
            output.WriteLine($"{n.Spec.Node}: published {n.Publisher!.Published} withheld {n.Publisher.Withheld} evaluated {n.Publisher.Oprf!.Evaluated} service {n.Publisher.KeyService is not null}");
        }

        comparison.Missed.ShouldBeEmpty("every cross-border alert of central mode is raised in oprf mode");
        comparison.Extra.ShouldBeEmpty();
        comparison.Central.ShouldContain(k => k.Contains("login-gov-verify.example", StringComparison.Ordinal) && k.EndsWith("|EE,LV", StringComparison.Ordinal));
        comparison.Central.ShouldContain(k => k.Contains("cdn-telemetry-sync.example", StringComparison.Ordinal) && k.EndsWith("|EE,LT,LV", StringComparison.Ordinal));
        alliance.Nodes.ShouldAllBe(n => n.Publisher!.Oprf!.Evaluated > 0);
        alliance.Nodes.Count(n => n.Publisher!.KeyService is not null).ShouldBe(2);

        var messages = ReadAll();
        messages.Count.ShouldBeGreaterThan(0);
        foreach (var text in messages.Select(Encoding.UTF8.GetString))
        {
            text.ShouldNotContain("login-gov-verify.example");
            text.ShouldNotContain("cdn-telemetry-sync.example");
        }
    }

    /// <summary>Every message on the shared alliance topic and the OPRF topics.</summary>
    private List<byte[]> ReadAll()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = alliance.Alliance.BootstrapServers, GroupId = "scanner-" + Guid.NewGuid(), EnablePartitionEof = true }).Build();
        var topics = new[] { FederationOptions.DefaultTopic, FederationOptions.OprfTopic("ee-node"), FederationOptions.OprfTopic("lv-node") }
            .Concat(alliance.Nodes.Select(n => FederationOptions.OprfAnswerTopic(n.Spec.Node))).ToArray();
        var partitions = topics.SelectMany(t => Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(t, p, Offset.Beginning))).ToList();
        consumer.Assign(partitions);
        var eof = new HashSet<(string, int)>();
        var found = new List<byte[]>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (eof.Count < partitions.Count && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                eof.Add((result.Topic, result.Partition.Value));
                continue;
            }

            var bytes = new List<byte>(result.Message.Value);
            foreach (var header in result.Message.Headers)
            {
                bytes.AddRange(header.GetValueBytes());
            }

            found.Add(bytes.ToArray());
        }

        eof.Count.ShouldBe(partitions.Count, "every topic was read to its end");
        consumer.Close();
        return found;
    }

    public async Task DisposeAsync() => await alliance.DisposeAsync();

    private sealed class Quiet : IProgress<PlaybackProgress>
    {
        public void Report(PlaybackProgress value)
        {
            // Only the events matter here.
        }
    }
}
