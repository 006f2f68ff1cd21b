using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events;
using CyberAgg.Federation.Exchange;
using CyberAgg.Federation.Wire;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Federation.Tests.Exchange;

/// <summary>
/// Four nodes on one embedded alliance Kafka, each with its own database in the embedded ClickHouse. EE owns three
/// values (AMBER domain, AMBER+STRICT IP, an IP it also saw as RED) and agrees to release to LV by country (up to
/// AMBER+STRICT) and to fi-node by name; LT has no agreement. The fixture runs every exchange once, then replays and
/// forges messages; the tests assert on the outcomes, both nodes' audit rows and every byte on the exchange topics.
/// </summary>
public sealed class ExchangeRunFixture : IAsyncLifetime, IDisposable
{
    public const string Domain = "login-gov-verify.example";
    public const string StrictIp = "203.0.113.66";
    public const string RedIp = "198.18.99.1";
    public static readonly string[] NodeIds = ["ee-node", "lv-node", "fi-node", "lt-node"];
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> loops = [];
    private EmbeddedKafka? alliance;

    public Dictionary<string, ClearValueExchange> Nodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FederationOptions> Options { get; } = new(StringComparer.Ordinal);

    public string AllianceBootstrap => alliance!.BootstrapServers;

    public Dictionary<string, ECDsa> Keys { get; } = NodeIds.ToDictionary(n => n, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);

    public LocalIndicators EeIndicators { get; } = new();

    public string DomainToken { get; } = Token();

    public string StrictToken { get; } = Token();

    public string RedToken { get; } = Token();

    public ExchangeOutcome LvDomain { get; private set; } = null!;

    public ExchangeOutcome LvStrict { get; private set; } = null!;

    public ExchangeOutcome FiStrict { get; private set; } = null!;

    public ExchangeOutcome LtDomain { get; private set; } = null!;

    public ExchangeOutcome LvRed { get; private set; } = null!;

    public ExchangeOutcome LvUnknown { get; private set; } = null!;

    /// <summary>Value, key and headers of every message on every exchange topic at the end.</summary>
    public List<byte[]> Messages { get; } = [];

    public async Task InitializeAsync()
    {
        var clickHouse = await SharedClickHouse.GetAsync();
        var options = new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 1 };
        options.ExtraTopics.AddRange(NodeIds.Select(FederationOptions.ExchangeTopic));
        // The LV node's API follows its alerts topic (ExchangeApiTests); here the alliance Kafka stands in for the node's own.
        options.ExtraTopics.Add(KafkaTopicNames.Alerts);
        alliance = EmbeddedKafka.Start(options);
        var members = NodeIds.Select(n => new FederationMemberOptions { Node = n, Country = n[..2].ToUpperInvariant(), PublicKey = "base64:" + Convert.ToBase64String(Keys[n].ExportSubjectPublicKeyInfo()) }).ToList();
        EeIndicators.Learn(DomainToken, Domain, 1, "domain", Tlp.Amber);
        EeIndicators.Learn(StrictToken, StrictIp, 1, "source.ip", Tlp.AmberStrict);
        EeIndicators.Learn(RedToken, RedIp, 1, "source.ip", Tlp.Amber);
        EeIndicators.LearnRed(RedToken, 1);
        foreach (var node in NodeIds)
        {
            var database = await clickHouse.NewDatabaseAsync();
            // The node's schema, audit table included, as serve applies it.
            await SchemaMigrator.ApplyAsync(new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Password = clickHouse.Password }.ConnectionString("default"), database);
            var federation = new FederationOptions
            {
                Enabled = true,
                Node = node,
                Country = node[..2].ToUpperInvariant(),
                Partners = [node[..2] + "-cert"],
                Alliance = new KafkaOptions { Bootstrap = alliance.BootstrapServers },
                BlindingSecret = TestNodes.Secret,
                SigningKey = "base64:" + Convert.ToBase64String(Keys[node].ExportPkcs8PrivateKey()),
                Members = members,
                ReleaseAgreements = node != "ee-node" ? [] :
                [
                    new ReleaseAgreementOptions { Id = "ee-lv", To = ["LV"], Kinds = ["*"], MaxTlp = "AMBER+STRICT" },
                    new ReleaseAgreementOptions { Id = "ee-fi", To = ["fi-node"], Kinds = ["domain", "source.ip"], MaxTlp = "AMBER+STRICT" },
                ],
            };
            var exchange = new ClearValueExchange(federation, node == "ee-node" ? EeIndicators : new LocalIndicators(), new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Password = clickHouse.Password, Database = database }, NullLogger.Instance);
            Nodes[node] = exchange;
            Options[node] = federation;
            loops.Add(exchange.RunAsync(stop.Token));
        }

        await Eventually.WaitAsync(() => Nodes.Values.All(n => n.Ready) || loops.Any(l => l.IsFaulted), "every node follows its exchange topic");
        loops.ShouldAllBe(l => !l.IsFaulted);

        LvDomain = await AskAsync("lv-node", DomainToken);
        LvStrict = await AskAsync("lv-node", StrictToken);
        FiStrict = await AskAsync("fi-node", StrictToken);
        LtDomain = await AskAsync("lt-node", DomainToken);
        LvRed = await AskAsync("lv-node", RedToken);
        LvUnknown = await AskAsync("lv-node", Token());
        await ReplayAndForgeAsync();
        await Eventually.WaitAsync(() => Nodes["ee-node"].Rejected >= 3 && Nodes["lv-node"].Rejected >= 1, "EE rejected the replayed and forged requests and LV the replayed answer");
        ReadTopics();
    }

    private async Task<ExchangeOutcome> AskAsync(string requester, string token)
    {
        var request = await Nodes[requester].RequestAsync(token, "ee-node", requester[..2] + "-analyst", "alert-" + requester, CancellationToken.None);
        return await request.Answer.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Puts LV's first request back on EE's topic unchanged (a replay), once with the token changed under the original
    /// signature and once signed by LT's key in LV's name (forgeries), and EE's first answer back on LV's topic.
    /// </summary>
    private async Task ReplayAndForgeAsync()
    {
        var request = First(FederationOptions.ExchangeTopic("ee-node"), "lv-node");
        var answer = First(FederationOptions.ExchangeTopic("lv-node"), "ee-node");
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = alliance!.BootstrapServers }).Build();
        var eeTopic = FederationOptions.ExchangeTopic("ee-node");
        await producer.ProduceAsync(eeTopic, new Message<string, byte[]> { Key = "lv-node", Value = request.Value, Headers = request.Headers });
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Value).Replace(DomainToken, StrictToken, StringComparison.Ordinal));
        await producer.ProduceAsync(eeTopic, new Message<string, byte[]> { Key = "lv-node", Value = altered, Headers = request.Headers });
        var fresh = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Value).Replace(ExchangeMessageId(request.Value), new string('a', 32), StringComparison.Ordinal));
        var byLt = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(Keys["lt-node"], "lv-node", eeTopic, fresh) } };
        await producer.ProduceAsync(eeTopic, new Message<string, byte[]> { Key = "lv-node", Value = fresh, Headers = byLt });
        await producer.ProduceAsync(FederationOptions.ExchangeTopic("lv-node"), new Message<string, byte[]> { Key = "ee-node", Value = answer.Value, Headers = answer.Headers });
    }

    private static string ExchangeMessageId(byte[] value) => ExchangeJson.Deserialize(value).Id;

    private Message<string, byte[]> First(string topic, string key)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = alliance!.BootstrapServers, GroupId = "reader-" + Guid.NewGuid() }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var result = consumer.Consume(TimeSpan.FromSeconds(10));
        result.ShouldNotBeNull($"{topic} holds a message");
        result.Message.Key.ShouldBe(key);
        consumer.Close();
        return result.Message;
    }

    private void ReadTopics()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = alliance!.BootstrapServers, GroupId = "scanner-" + Guid.NewGuid(), EnablePartitionEof = true }).Build();
        consumer.Assign(NodeIds.Select(n => new TopicPartitionOffset(FederationOptions.ExchangeTopic(n), 0, Offset.Beginning)));
        var eof = new HashSet<string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (eof.Count < NodeIds.Length && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                eof.Add(result.Topic);
                continue;
            }

            var bytes = new List<byte>(result.Message.Value);
            bytes.AddRange(Encoding.UTF8.GetBytes(result.Message.Key ?? ""));
            foreach (var header in result.Message.Headers)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(header.Key));
                bytes.AddRange(header.GetValueBytes());
            }

            Messages.Add(bytes.ToArray());
        }

        eof.Count.ShouldBe(NodeIds.Length, "every exchange topic was read to its end");
        consumer.Close();
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how they are asked to stop.
        }

        foreach (var node in Nodes.Values)
        {
            node.Dispose();
        }

        foreach (var key in Keys.Values)
        {
            key.Dispose();
        }

        if (alliance is not null)
        {
            await alliance.DisposeAsync();
        }
    }

    public void Dispose() => stop.Dispose();
}
