using System.Globalization;
using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Local;
using CyberAgg.Rules.Loading;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Federation.Tests.Local;

/// <summary>
/// Plays one scenario through three sovereign nodes and central mode at once, with a key rotation inside a window,
/// one node restarted mid-window, a TLP:RED sighting in two countries, and a replayed and a forged alliance batch.
/// The tests then assert on what happened; one run keeps the suite's time small.
/// </summary>
public sealed class SovereignRunFixture : IAsyncLifetime
{
    public const string RedIp = "198.18.99.1";
    public const string RotatedIp = "203.0.113.66";
    public const string PhishingDomain = "login-gov-verify.example";

    /// <summary>Key epochs are an hour (the longest shipped window); the scenario is placed so one boundary falls at 15m.</summary>
    public static readonly TimeSpan Epoch = TimeSpan.FromHours(1);

    private const string ScenarioYaml = """
        name: Sovereign test campaign
        description: Three countries, one rotation inside a window, one restart.
        duration: 30m
        speed: 100
        seed: 11
        partners:
          - { id: ee-cert, country: EE, sector: government, noise_per_minute: 60 }
          - { id: lv-cert, country: LV, sector: government, noise_per_minute: 60 }
          - { id: lt-cert, country: LT, sector: government, noise_per_minute: 60 }
        steps:
          - name: Phishing wave
            at: 3m
            technique: T1566.002
            indicator: { domain: login-gov-verify.example }
            seen_by: [ee-cert, lv-cert]
            spread: 4m
            events_per_partner: 2
          - name: Credential stuffing across the key rotation
            at: 12m
            technique: T1110.004
            indicator: { source_ip: 203.0.113.66 }
            seen_by: [lv-cert, ee-cert]
            spread: 8m
            events_per_partner: 1
          - name: C2 beaconing
            at: 21m
            technique: T1071.001
            indicator: { url_domain: cdn-telemetry-sync.example }
            seen_by: [lt-cert, ee-cert, lv-cert]
            spread: 4m
            events_per_partner: 1
          - name: Local-only reconnaissance
            at: 25m
            technique: T1595
            indicator: { source_ip: 198.51.100.23 }
            seen_by: [lv-cert]
            spread: 2m
            events_per_partner: 3
        """;

    private ClickHouseFixture clickHouse = null!;

    public LocalAlliance Alliance { get; private set; } = null!;

    public Scenario Scenario { get; private set; } = null!;

    public ScenarioPlayer Player { get; private set; } = null!;

    public DateTimeOffset Start { get; private set; }

    /// <summary>Event time (scenario time) at which the LV node was stopped and started again.</summary>
    public (TimeSpan Stopped, TimeSpan Restarted) Restart { get; private set; }

    public SovereignComparison Comparison { get; private set; } = null!;

    /// <summary>Every message on every alliance topic at the end: value and header bytes.</summary>
    public List<byte[]> AllianceMessages { get; } = [];

    public static RuleSet Rules { get; } = RuleSet.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "rules"));

    public string ClickHouseConnection(string database) => clickHouse.ConnectionString(database);

    public async Task InitializeAsync()
    {
        clickHouse = await SharedClickHouse.GetAsync();
        Scenario = ScenarioLoader.Parse(ScenarioYaml);
        var keys = Scenario.Partners.ToDictionary(p => p.Id, p => new IngestKey(p.Id, "test", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), p.Country), StringComparer.Ordinal);
        var clock = TimeProvider.System;
        // Boundary B at scenario time 15m, and the whole scenario in the past so the clock guard correlates it all.
        var boundary = DateTimeOffset.FromUnixTimeMilliseconds((clock.GetUtcNow() - TimeSpan.FromMinutes(16)).ToUnixTimeMilliseconds() / (long)Epoch.TotalMilliseconds * (long)Epoch.TotalMilliseconds);
        Start = boundary - TimeSpan.FromMinutes(15);
        var speed = Scenario.Speed;
        Alliance = await LocalAlliance.StartAsync(
            new LocalAllianceOptions
            {
                Nodes =
                [
                    new NodeSpec("ee-node", "EE", ["ee-cert"]),
                    new NodeSpec("lv-node", "LV", ["lv-cert"]),
                    new NodeSpec("lt-node", "LT", ["lt-cert"]),
                ],
                ClickHouse = new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Password = clickHouse.Password },
                DatabasePrefix = "sov_" + Guid.NewGuid().ToString("N")[..6] + "_",
                Rules = Rules,
                Correlator = new CorrelatorOptions
                {
                    Lateness = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, (long)(TimeSpan.FromSeconds(2).Ticks * speed))),
                    IdleTimeout = TimeSpan.FromSeconds(2),
                    RestoreState = false,
                    MaxClockSkew = TimeSpan.FromMinutes(5),
                },
                Ingest = new IngestOptions
                {
                    Trust = IngestTrust.Open,
                    Keys = Scenario.Partners.Select(p => new IngestKeyOptions { Partner = p.Id, KeyId = "test", Country = p.Country, Secret = "base64:" + Convert.ToBase64String(keys[p.Id].Secret.ToArray()) }).ToList(),
                },
                Epoch = Epoch,
                Bucket = TimeSpan.FromMinutes(1),
                // Longer than the restarted node's correlator needs to rejoin its group: the embedded Kafka (librdkafka's mock)
                // ignores a leaving member and waits out its 45 s session, and the others must wait for the node meanwhile.
                NodeIdleTimeout = TimeSpan.FromSeconds(90),
            },
            NullLoggerFactory.Instance);
        await Eventually.WaitAsync(() => Alliance.Nodes.All(n => n.Pipeline!.AssignedPartitions > 0) && Alliance.CentralPipeline!.AssignedPartitions > 0, "every correlator owns its events partitions");

        Player = new ScenarioPlayer(Scenario, new PlaybackOptions { BootstrapServers = Alliance.Ingress.BootstrapServers, Keys = keys, Start = Start, BatchSize = 200 });
        var lv = Alliance.Nodes.Single(n => n.Spec.Node == "lv-node");
        Task? stopping = null;
        Task? starting = null;
        var stoppedAt = TimeSpan.Zero;
        var redSent = false;
        using var red = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Alliance.Ingress.BootstrapServers }).Build();
        var progress = new SynchronousProgress(p =>
        {
            // LV saw the rotated IP at 12m; it goes down before EE sees it at 20m and comes back in between.
            if (stopping is null && p.ScenarioTime >= TimeSpan.FromMinutes(12.5))
            {
                stoppedAt = p.ScenarioTime;
                stopping = lv.StopAsync();
            }
            else if (starting is null && stopping is not null && p.ScenarioTime >= TimeSpan.FromMinutes(15))
            {
                // The player waits here for the stop (its progress is reported synchronously from its loop), so EE's
                // sighting at 20m is sent after the restart however long stopping takes: on a loaded machine it took
                // over 4.5 s of wall time (7.5 scenario minutes at speed 100) and the restart came after the sighting.
                stopping.GetAwaiter().GetResult();
                Restart = (stoppedAt, p.ScenarioTime);
                lv.Start();
                starting = Task.CompletedTask;
            }

            if (!redSent && p.ScenarioTime >= TimeSpan.FromMinutes(20))
            {
                redSent = true;
                var at = Start + p.ScenarioTime - TimeSpan.FromSeconds(30);
                foreach (var (partner, country) in new[] { ("ee-cert", "EE"), ("lv-cert", "LV") })
                {
                    red.Produce(KafkaTopicNames.Events, new Message<string, byte[]>
                    {
                        Key = partner + "-sensor-1",
                        Value = Encoding.UTF8.GetBytes($$$"""{"@timestamp":"{{{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}}}","event":{"id":"red-{{{partner}}}","kind":"alert","severity":7},"observer":{"partner":"{{{partner}}}","country":"{{{country}}}"},"source":{"ip":"{{{RedIp}}}"},"tlp":"RED"}"""),
                        Headers = new Headers { { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() }, { KafkaHeaderNames.Partner, Encoding.UTF8.GetBytes(partner) } },
                    });
                }

                red.Flush(TimeSpan.FromSeconds(10));
            }
        });
        await Player.PlayAsync(progress, CancellationToken.None);
        if (stopping is not null)
        {
            await stopping;
        }

        lv.Start();

        await ReplayAndForgeAsync();
        var decided = Start + TimeSpan.FromMinutes(26);
        await Eventually.WaitAsync(
            () => Alliance.CentralPipeline!.Watermark >= decided && Alliance.Nodes.All(n => n.Matcher is { } m && m.Watermark >= decided && m.BatchesRefused >= 2),
            "central mode and every node's matcher decided the scenario's windows and refused the replayed and forged batches",
            TimeSpan.FromSeconds(150));
        // Alerts become visible after they are stored, a little after the watermark that raised them: give both modes
        // until a deadline to agree, then the tests assert on whatever they reached (a real difference fails there).
        var settle = System.Diagnostics.Stopwatch.StartNew();
        Comparison = Alliance.Compare();
        while ((Comparison.Missed.Count > 0 || Comparison.Extra.Count > 0) && settle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            Comparison = Alliance.Compare();
        }
        ReadAlliance();
    }

    /// <summary>Copies the first alliance batch back onto the topic unchanged (a replay) and once with one byte changed (a forgery).</summary>
    private async Task ReplayAndForgeAsync()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = Alliance.Alliance.BootstrapServers, GroupId = "replayer-" + Guid.NewGuid() }).Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(FederationOptions.DefaultTopic, p, Offset.Beginning)));
        ConsumeResult<string, byte[]>? first = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (first is null && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            first = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (first?.Message.Value is { Length: < 100 })
            {
                first = null;
            }
        }

        first.ShouldNotBeNull("the nodes published on the alliance topic");
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = Alliance.Alliance.BootstrapServers }).Build();
        await producer.ProduceAsync(FederationOptions.DefaultTopic, new Message<string, byte[]> { Key = first.Message.Key, Value = first.Message.Value, Headers = first.Message.Headers });
        var forged = first.Message.Value.ToArray();
        var at = Array.IndexOf(forged, (byte)'"', 60);
        forged[at + 1] = forged[at + 1] == (byte)'a' ? (byte)'b' : (byte)'a';
        await producer.ProduceAsync(FederationOptions.DefaultTopic, new Message<string, byte[]> { Key = first.Message.Key, Value = forged, Headers = first.Message.Headers });
        consumer.Close();
    }

    private void ReadAlliance()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = Alliance.Alliance.BootstrapServers, GroupId = "scanner-" + Guid.NewGuid(), EnablePartitionEof = true }).Build();
        var topics = new[] { FederationOptions.DefaultTopic }.Concat(Alliance.Nodes.Select(n => FederationOptions.StrictTopic(n.Spec.Node))).ToArray();
        var partitions = topics.SelectMany(t => Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(t, p, Offset.Beginning))).ToList();
        consumer.Assign(partitions);
        var eof = new HashSet<(string, int)>();
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
            bytes.AddRange(result.Message.Key is null ? [] : Encoding.UTF8.GetBytes(result.Message.Key));
            foreach (var header in result.Message.Headers)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(header.Key));
                bytes.AddRange(header.GetValueBytes());
            }

            AllianceMessages.Add(bytes.ToArray());
        }

        eof.Count.ShouldBe(partitions.Count, "every alliance partition was read to its end");
        consumer.Close();
    }

    public async Task DisposeAsync()
    {
        if (Alliance is not null)
        {
            await Alliance.DisposeAsync();
        }
    }

    /// <summary>Runs the handler on the reporting thread, so the restart happens at the reported scenario time.</summary>
    private sealed class SynchronousProgress(Action<PlaybackProgress> handler) : IProgress<PlaybackProgress>
    {
        public void Report(PlaybackProgress value) => handler(value);
    }
}
