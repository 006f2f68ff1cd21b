using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Oprf;
using CyberAgg.Federation.Wire;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Federation.Tests.Oprf;

/// <summary>
/// Four nodes in oprf mode on one embedded alliance Kafka: EE and LV are the two key services (one share each), every
/// node runs a token client. EE and LT tokenise the same values; FI spends its budget and then asks for more; then
/// a request is replayed and one forged. The tests assert on the tokens, the refusals and every byte on the topics.
/// </summary>
public sealed class OprfRunFixture : IAsyncLifetime, IDisposable
{
    public const int MaxPerEpoch = 30;
    public static readonly string[] NodeIds = ["ee-node", "lv-node", "lt-node", "fi-node"];
    public static readonly string[] Services = ["ee-node", "lv-node"];
    public static readonly (string Kind, string Value)[] Values =
    [
        ("source.ip", "203.0.113.66"), ("source.ip", "198.51.100.7"), ("destination.ip", "203.0.113.66"), ("domain", "login-gov-verify.example"), ("source.ip", "10.0.0.1"),
    ];

    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> loops = [];
    private EmbeddedKafka? alliance;

    public Dictionary<string, OprfTokenClient> Clients { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KeyService> KeyServices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Shares { get; } = Services.ToDictionary(s => s, _ => RandomNumberGenerator.GetBytes(32), StringComparer.Ordinal);

    public Dictionary<string, ECDsa> Keys { get; } = NodeIds.ToDictionary(n => n, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);

    public long Epoch { get; } = new EpochSchedule(TimeSpan.FromDays(1), TimeSpan.FromMinutes(1), TimeSpan.Zero).EpochOf(TimeProvider.System.GetUtcNow());

    public IReadOnlyList<string> EeTokens { get; private set; } = [];

    public IReadOnlyList<string> LtTokens { get; private set; } = [];

    public IReadOnlyList<string> LtAgain { get; private set; } = [];

    public long LtEvaluatedFirst { get; private set; }

    public long LtEvaluatedAgain { get; private set; }

    public OprfRefusedException? FiOverLimit { get; private set; }

    public long FiUsedAtEe { get; private set; }

    public IReadOnlyList<string> FiWithinLimit { get; private set; } = [];

    /// <summary>Value, key and headers of every message on every OPRF topic at the end.</summary>
    public List<byte[]> Messages { get; } = [];

    public async Task InitializeAsync()
    {
        var options = new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 1 };
        options.ExtraTopics.AddRange(NodeIds.Select(FederationOptions.OprfTopic).Concat(NodeIds.Select(FederationOptions.OprfAnswerTopic)));
        alliance = EmbeddedKafka.Start(options);
        var members = NodeIds.Select(n => new FederationMemberOptions { Node = n, Country = n[..2].ToUpperInvariant(), PublicKey = "base64:" + Convert.ToBase64String(Keys[n].ExportSubjectPublicKeyInfo()) }).ToList();
        foreach (var node in NodeIds)
        {
            var federation = new FederationOptions
            {
                Enabled = true,
                Node = node,
                Country = node[..2].ToUpperInvariant(),
                Partners = [node[..2] + "-cert"],
                Alliance = new KafkaOptions { Bootstrap = alliance.BootstrapServers },
                Blinding = FederationOptions.OprfBlinding,
                KeyServices = [.. Services],
                KeyService = new KeyServiceOptions { Share = Shares.TryGetValue(node, out var share) ? "base64:" + Convert.ToBase64String(share) : "", MaxPerEpoch = MaxPerEpoch },
                SigningKey = "base64:" + Convert.ToBase64String(Keys[node].ExportPkcs8PrivateKey()),
                Members = members,
            };
            if (federation.IsKeyService)
            {
                var service = new KeyService(federation, NullLogger.Instance);
                KeyServices[node] = service;
                loops.Add(service.RunAsync(stop.Token));
            }

            var client = new OprfTokenClient(federation, NullLogger.Instance);
            Clients[node] = client;
            loops.Add(client.RunAsync(stop.Token));
        }

        await Eventually.WaitAsync(() => Clients.Values.All(c => c.Ready) && KeyServices.Values.All(s => s.Ready) || loops.Any(l => l.IsFaulted), "every client and service follows its topic");
        loops.ShouldAllBe(l => !l.IsFaulted);

        EeTokens = await Clients["ee-node"].TokensAsync(Epoch, Values, CancellationToken.None);
        LtTokens = await Clients["lt-node"].TokensAsync(Epoch, Values, CancellationToken.None);
        LtEvaluatedFirst = Clients["lt-node"].Evaluated;
        LtAgain = await Clients["lt-node"].TokensAsync(Epoch, [.. Values.Reverse()], CancellationToken.None);
        LtEvaluatedAgain = Clients["lt-node"].Evaluated;

        var many = Enumerable.Range(0, MaxPerEpoch + 10).Select(i => ("source.ip", $"192.0.2.{i}")).ToList();
        FiWithinLimit = await Clients["fi-node"].TokensAsync(Epoch, many[..(MaxPerEpoch - 5)], CancellationToken.None);
        FiOverLimit = await Should.ThrowAsync<OprfRefusedException>(() => Clients["fi-node"].TokensAsync(Epoch, many, CancellationToken.None));
        FiUsedAtEe = KeyServices["ee-node"].Used("fi-node", Epoch);

        await ReplayAndForgeAsync();
        await Eventually.WaitAsync(() => KeyServices["ee-node"].Rejected >= 2, "EE rejected the replayed and the forged request");
        ReadTopics();
    }

    /// <summary>The alliance token as a party holding every share would compute it (the test's reference).</summary>
    public string Reference(string kind, string value)
    {
        var (point, r) = OprfProtocol.Blind(kind, Epoch, value);
        foreach (var service in Services)
        {
            point = new KeyShare(Shares[service]).Evaluate(Epoch, point);
        }

        return OprfProtocol.Finalize(kind, Epoch, value, OprfProtocol.Unblind(point, r));
    }

    /// <summary>Puts LT's first request to EE back unchanged (a replay), and a fresh one signed by LT's key in LV's name.</summary>
    private async Task ReplayAndForgeAsync()
    {
        var topic = FederationOptions.OprfTopic("ee-node");
        var request = First(topic, "lt-node");
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = alliance!.BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "lt-node", Value = request.Value, Headers = request.Headers });
        var original = OprfJson.Deserialize(request.Value);
        var forged = OprfJson.Serialize(original with { Id = new string('a', 32), From = "lv-node", At = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() });
        var byLt = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(Keys["lt-node"], "lv-node", topic, forged) } };
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "lv-node", Value = forged, Headers = byLt });
    }

    private Message<string, byte[]> First(string topic, string key)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = alliance!.BootstrapServers, GroupId = "reader-" + Guid.NewGuid(), EnablePartitionEof = true }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        while (true)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10));
            result.ShouldNotBeNull($"{topic} holds a message");
            result.IsPartitionEOF.ShouldBeFalse($"{topic} holds a message from {key}");
            if (result.Message.Key == key)
            {
                consumer.Close();
                return result.Message;
            }
        }
    }

    private void ReadTopics()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = alliance!.BootstrapServers, GroupId = "scanner-" + Guid.NewGuid(), EnablePartitionEof = true }).Build();
        var topics = NodeIds.Select(FederationOptions.OprfTopic).Concat(NodeIds.Select(FederationOptions.OprfAnswerTopic)).ToList();
        consumer.Assign(topics.Select(t => new TopicPartitionOffset(t, 0, Offset.Beginning)));
        var eof = new HashSet<string>(StringComparer.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (eof.Count < topics.Count && clock.Elapsed < TimeSpan.FromSeconds(20))
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

        eof.Count.ShouldBe(topics.Count, "every OPRF topic was read to its end");
        consumer.Close();
    }

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

        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }

        foreach (var service in KeyServices.Values)
        {
            service.Dispose();
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
