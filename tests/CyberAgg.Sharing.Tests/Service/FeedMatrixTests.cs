using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Service;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Sharing.Tests.Service;

/// <summary>The Kafka side of the authorization matrix: each partner feed holds exactly the alerts <see cref="AccessMatrix"/> gives it.</summary>
[Collection(SharingCollection.Name)]
public sealed class FeedMatrixTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task Run_EveryOwnerSetAndTlp_EachFeedHoldsExactlyWhatTheMatrixGives()
    {
        var source = kafka.NewTopic("alerts", partitions: 1);
        var run = Guid.NewGuid().ToString("N")[..8];
        var alerts = AccessMatrix.OwnerSets.SelectMany(s => AccessMatrix.Tlps.Select(t => (Set: s, Tlp: t,
            Alert: TestConfig.Alert(t, s.Kind, s.Owners, s.Kind == AlertKinds.Correlation ? new() { ["user.name"] = "alice" } : null) with { AlertId = $"fm-{run}-{s.Name}-{t}" }))).ToArray();
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            foreach (var a in alerts)
            {
                await producer.ProduceAsync(source, SignedAlerts.Message(a.Alert, source));
            }

            // One sentinel per partner, its own GREEN detection, produced last: once a feed has it, the feed is complete.
            foreach (var partner in AccessMatrix.Partners)
            {
                await producer.ProduceAsync(source, SignedAlerts.Message(TestConfig.Alert("GREEN", AlertKinds.Detection, [partner]) with { AlertId = $"fm-{run}-sentinel-{partner}" }, source));
            }
        }

        using var writer = new ClickHouseWriter(clickHouse.ConnectionString("cyberagg"));
        await using var audit = new AuditLog(writer, "cyberagg", NullLogger.Instance);
        var options = new SharingServiceOptions { AlertsTopic = source, GroupId = "fm-" + run, DeadLetterTopic = kafka.NewTopic("deadletter", 1), SigningKeys = SignedAlerts.Keys };
        using var service = new SharingService(TestConfig.Policy(), new KafkaOptions { Bootstrap = kafka.BootstrapServers }, audit, options, TimeProvider.System, NullLogger<SharingService>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await service.StartAsync(timeout.Token);
        // Every alert acknowledged on the feeds (the service counts a batch only after its sends are acknowledged).
        await Eventually.WaitAsync(() => service.AlertsProcessed >= alerts.Length + AccessMatrix.Partners.Length, "the sharing service processed every alert", TimeSpan.FromSeconds(60));
        var feeds = new Dictionary<string, List<string>>();
        foreach (var partner in AccessMatrix.Partners)
        {
            feeds[partner] = ReadWholeFeed(partner, $"fm-{run}-");
        }

        await service.StopAsync(CancellationToken.None);

        foreach (var partner in AccessMatrix.Partners)
        {
            feeds[partner].Order(StringComparer.Ordinal).ShouldBe(
                alerts.Where(a => AccessMatrix.SeesAlert(partner, a.Set.Owners, a.Set.Kind, a.Tlp)).Select(a => a.Alert.AlertId).Order(StringComparer.Ordinal),
                $"feed of {partner}");
        }
    }

    /// <summary>Reads every partition of the partner's feed up to its high watermark: everything produced so far, in any order.</summary>
    private List<string> ReadWholeFeed(string partner, string prefix)
    {
        var topic = SharingServiceOptions.PartnerTopic(partner);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToArray();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N") }).Build();
        var remaining = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var ids = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (remaining.Any(r => r.Value > 0))
        {
            var result = consumer.Consume(timeout.Token);
            if (result.Offset.Value + 1 >= remaining[result.TopicPartition])
            {
                remaining[result.TopicPartition] = 0;
            }

            var id = AlertJson.Deserialize(result.Message.Value).AlertId;
            if (id.StartsWith(prefix, StringComparison.Ordinal) && !id.Contains("-sentinel-", StringComparison.Ordinal))
            {
                ids.Add(id);
            }
        }

        consumer.Close();
        return ids;
    }
}
