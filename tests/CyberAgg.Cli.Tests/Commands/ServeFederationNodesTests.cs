using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Federation;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands;

/// <summary>
/// Sovereign mode as it is deployed: three <c>cyberagg serve</c> processes, each a node with its own Kafka, ClickHouse
/// and correlator, exchanging only blinded observations over one alliance Kafka.
/// </summary>
public sealed partial class ServeFederationNodesTests : IAsyncLifetime
{
    private const string Ip = "203.0.113.77";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private static readonly (string Node, string Country, string Partner)[] Nodes = [("ee-node", "EE", "ee-cert"), ("lv-node", "LV", "lv-cert"), ("fi-node", "FI", "fi-cert")];
    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-federation-nodes").FullName;
    private readonly Dictionary<string, CliProcess> serves = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> opsUrls = new(StringComparer.Ordinal);
    private EmbeddedKafka? alliance;

    [Fact]
    public async Task ThreeServeNodes_SightingsInTwoCountries_EveryNodeAlertsOnlySeersSeeTheValueNothingRawCrosses()
    {
        var options = new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 3 };
        options.ExtraTopics.Add(FederationOptions.DefaultTopic);
        options.ExtraTopics.AddRange(Nodes.Select(n => FederationOptions.StrictTopic(n.Node)));
        options.ExtraTopics.AddRange(Nodes.Select(n => FederationOptions.ExchangeTopic(n.Node)));
        alliance = EmbeddedKafka.Start(options);
        var secret = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var keys = Nodes.ToDictionary(n => n.Node, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var members = string.Join("\n", Nodes.Select(n => $"    - {{ node: {n.Node}, country: {n.Country}, public_key: \"base64:{Convert.ToBase64String(keys[n.Node].ExportSubjectPublicKeyInfo())}\" }}"));

        var started = await Task.WhenAll(Nodes.Select(n => StartNodeAsync(n.Node, n.Country, n.Partner, secret, keys[n.Node], members)));
        var nodes = Nodes.Zip(started, (n, s) => (n.Node, n.Country, n.Partner, s.Kafka, s.ClickHouse, s.Password)).ToList();

        // The same address flagged by a partner in EE and one in LV, each on its own node's Kafka; FI sees nothing of
        // it. Then every node's sensors send one ordinary event and go quiet: the last sightings of a quiet alliance.
        var now = TimeProvider.System.GetUtcNow();
        foreach (var node in nodes)
        {
            using var producer = KafkaClients.Producer<string>(KafkaClients.Reliable(node.Kafka), "test");
            if (node.Node != "fi-node")
            {
                await producer.ProduceAsync("cyberagg.events.v1", Event(node.Partner, node.Country, now.AddSeconds(-20), "\"event\":{\"kind\":\"alert\",\"severity\":8},\"source\":{\"ip\":\"" + Ip + "\"},\"message\":\"scan from " + Ip + "\""));
            }

            await producer.ProduceAsync("cyberagg.events.v1", Event(node.Partner, node.Country, now, "\"event\":{\"kind\":\"event\",\"severity\":1},\"message\":\"heartbeat\""));
        }

        // Every node raises the cross-border alert; the two that saw the address show it, the third sees a token.
        foreach (var node in nodes)
        {
            var keysSeen = "";
            try
            {
                await Eventually.WaitAsync(
                    async () => (keysSeen = await ClickHouseHttp.QueryAsync(node.ClickHouse, node.Password, "SELECT group_key FROM cyberagg.alerts FINAL WHERE has(countries, 'EE') AND has(countries, 'LV') FORMAT TSV")).Length > 0,
                    $"{node.Node} raises the cross-border alert",
                    TimeSpan.FromSeconds(120));
            }
            catch (TimeoutException e)
            {
                var metrics = string.Join(" ", (await Http.GetStringAsync(new Uri(new Uri(opsUrls[node.Node]), "metrics"))).Split('\n').Where(l => l.StartsWith("cyberagg_federation", StringComparison.Ordinal) || l.StartsWith("cyberagg_correlator_watermark", StringComparison.Ordinal)));
                var sample = "metrics " + metrics + " " + string.Join(" | ", AllianceMessages().Where(m => m.Contains("\"records\":[{", StringComparison.Ordinal)).Take(2).Concat(Nodes.Select(n => AllianceMessages().LastOrDefault(m => m.Contains($"\"node\":\"{n.Node}\"", StringComparison.Ordinal)) ?? "none from " + n.Node)));
                var diagnosis = $"alliance sample {sample}, alliance records {AllianceMessages().Count}, {node.Node}: indicators records {Records(node.Kafka, "cyberagg.indicators.v1")}, alerts {await ClickHouseHttp.QueryAsync(node.ClickHouse, node.Password, "SELECT groupArray(group_key) FROM cyberagg.alerts")}, events {await ClickHouseHttp.QueryAsync(node.ClickHouse, node.Password, "SELECT count() FROM cyberagg.events")}";
                throw new TimeoutException($"{e.Message} {diagnosis}; its log:\n{Log(node.Node)}", e);
            }
            if (node.Node == "fi-node")
            {
                keysSeen.ShouldStartWith("blinded:", customMessage: "a node that did not see the value sees a token");
                keysSeen.ShouldNotContain(Ip);
            }
            else
            {
                keysSeen.ShouldContain(Ip, customMessage: $"{node.Node} saw the value itself");
            }
        }

        // Nothing raw crossed: no byte of the alliance topics holds the address, the partners' message or a sensor name.
        var crossed = AllianceMessages();
        crossed.ShouldNotBeEmpty("the nodes published blinded batches");
        foreach (var raw in crossed)
        {
            raw.ShouldNotContain(Ip);
            raw.ShouldNotContain("scan from");
            raw.ShouldNotContain("ids-1");
        }

        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
    }

    private async Task<(string Kafka, Uri ClickHouse, string Password)> StartNodeAsync(string node, string country, string partner, string secret, ECDsa key, string members)
    {
        var data = Path.Combine(dir, node);
        var config = Path.Combine(dir, node + ".yaml");
        await File.WriteAllTextAsync(config, $"""
            ingest:
              trust: open
            correlator:
              scale_out: true
              lateness: 1s
              idle_timeout: 2s
            federation:
              enabled: true
              node: {node}
              country: {country}
              partners: [{partner}]
              alliance:
                bootstrap: "{alliance!.BootstrapServers}"
              blinding_secret: "{secret}"
              signing_key: "base64:{Convert.ToBase64String(key.ExportPkcs8PrivateKey())}"
              node_idle_timeout: 10s
              batch_linger: 20ms
              members:
            {members}
            """);
        var serve = CliProcess.Start(["serve", "--embedded", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0", "--config", config, "--set", "telemetry.listen=127.0.0.1:0"]);
        lock (serves)
        {
            serves[node] = serve;
        }

        var lines = await serve.ReadUntilAsync("Federation: node " + node, TimeSpan.FromSeconds(120));
        var correlator = CorrelatorLine().Match(string.Join('\n', lines));
        lock (opsUrls)
        {
            opsUrls[node] = OpsLine().Match(string.Join('\n', lines)).Groups["url"].Value;
        }

        var password = (await File.ReadAllTextAsync(Path.Combine(data, "clickhouse", "password"))).Trim();
        return (correlator.Groups["kafka"].Value, new Uri(correlator.Groups["clickhouse"].Value), password);
    }

    private static Message<string, byte[]> Event(string partner, string country, DateTimeOffset at, string fields) => new()
    {
        Key = partner,
        Value = Encoding.UTF8.GetBytes($$$"""{"@timestamp":"{{{at.ToString("O", CultureInfo.InvariantCulture)}}}","observer":{"partner":"{{{partner}}}","country":"{{{country}}}","name":"ids-1"},{{{fields}}}}"""),
    };

    private string Log(string node)
    {
        var serve = serves[node];
        return $"{serve.Describe()}\nstdout:\n{serve.Output}";
    }

    private static long Records(string bootstrap, string topic)
    {
        using var consumer = KafkaClients.Consumer<byte[]?>(KafkaClients.ManualCommit(bootstrap, "probe"), "test").Build();
        using var admin = KafkaClients.Admin(bootstrap, "test");
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        return Enumerable.Range(0, partitions).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    private List<string> AllianceMessages()
    {
        var config = KafkaClients.ManualCommit(alliance!.BootstrapServers, "test-" + Guid.NewGuid().ToString("N"));
        using var consumer = KafkaClients.Consumer<byte[]?>(config, "test").Build();
        var topics = new[] { FederationOptions.DefaultTopic }.Concat(Nodes.Select(n => FederationOptions.StrictTopic(n.Node))).Concat(Nodes.Select(n => FederationOptions.ExchangeTopic(n.Node)));
        var partitions = topics.SelectMany(t => Enumerable.Range(0, 3).Select(p => new TopicPartition(t, p))).ToList();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var seen = new List<string>();
        var left = ends.Values.Sum();
        while (left > 0)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"{left} alliance messages not read");
            left--;
            var text = new StringBuilder(Encoding.UTF8.GetString(result.Message.Value));
            foreach (var header in result.Message.Headers)
            {
                text.Append(' ').Append(Encoding.UTF8.GetString(header.GetValueBytes()));
            }

            seen.Add(text.ToString());
        }

        return seen;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            // One node at a time gets SIGTERM and 30 s to stop its embedded Kafka and ClickHouse; one that hangs fails with its stderr.
            foreach (var serve in serves.Values.Where(s => !s.HasExited))
            {
                await serve.StopAsync("TERM", TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            foreach (var serve in serves.Values)
            {
                await serve.DisposeAsync();
            }

            if (alliance is not null)
            {
                await alliance.DisposeAsync();
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"Health and metrics: (?<url>http://[0-9.:]+/)healthz")]
    private static partial Regex OpsLine();

    [GeneratedRegex(@"Correlator: Kafka (?<kafka>[0-9.:]+) \(\w+\), ClickHouse (?<clickhouse>http://[0-9.:]+/?) ")]
    private static partial Regex CorrelatorLine();
}
