using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Service;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Sharing.Tests.Service;

[Collection(SharingCollection.Name)]
public sealed class SharingServiceTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task Run_AlertsOnMainTopic_EachPartnerFeedGetsItsViewAndEveryReleaseIsAudited()
    {
        var policy = TestConfig.Policy();
        var source = kafka.NewTopic("alerts", partitions: 1);
        var group = "sharing-" + Guid.NewGuid().ToString("N");
        var shared = TestConfig.Alert() with { AlertId = "svc-shared-" + group };
        var red = TestConfig.Alert("RED") with { AlertId = "svc-red-" + group };
        var userCorrelation = TestConfig.Alert(kind: AlertKinds.Correlation, partners: ["ee-cert"], group: new() { ["user.name"] = "alice" }) with { AlertId = "svc-user-" + group };
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            foreach (var alert in new[] { red, shared, userCorrelation })
            {
                await producer.ProduceAsync(source, SignedAlerts.Message(alert, source));
            }

            await producer.ProduceAsync(source, SignedAlerts.Message("{broken"u8.ToArray(), "bad", source));
        }

        using var writer = new ClickHouseWriter(clickHouse.ConnectionString("cyberagg"));
        await using var audit = new AuditLog(writer, "cyberagg", NullLogger.Instance);
        var options = new SharingServiceOptions { AlertsTopic = source, GroupId = group, DeadLetterTopic = kafka.NewTopic("deadletter", 1) };
        using var service = new SharingService(policy, new KafkaOptions { Bootstrap = kafka.BootstrapServers }, audit, options, TimeProvider.System, NullLogger<SharingService>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.StartAsync(timeout.Token);
        // The RED alert was produced first on one partition: had it been released, it would precede these in the feed.
        var lv = await ReadFeedAsync("lv-cert", [shared.AlertId, userCorrelation.AlertId], [red.AlertId], timeout.Token);
        var ee = await ReadFeedAsync("ee-cert", [shared.AlertId, userCorrelation.AlertId], [red.AlertId], timeout.Token);
        await service.StopAsync(CancellationToken.None);

        lv.Keys.Order().ShouldBe(new[] { shared.AlertId, userCorrelation.AlertId }.Order());
        lv[userCorrelation.AlertId].GroupKey.ShouldStartWith("pn:k2026a:");
        ee.Keys.ShouldNotContain(red.AlertId, "RED evidence of two owners reaches neither");
        lv.Keys.ShouldNotContain(red.AlertId);
        ee[userCorrelation.AlertId].GroupKey.ShouldBe("alice");
        var rows = await writer.QueryAsync(
            $"SELECT recipient, alert_id, arrayStringConcat(agreement_ids, ','), channel FROM cyberagg.sharing_audit WHERE alert_id LIKE '%{group}' ORDER BY recipient, alert_id",
            CancellationToken.None);
        rows.Select(r => $"{r[0]} {r[1][..r[1].IndexOf('-', 4)]} {r[2]} {r[3]}").ShouldBe(
        [
            "ee-cert svc-shared lv-to-ee kafka",
            "ee-cert svc-user  kafka",
            "lv-cert svc-shared ee-to-lv kafka",
            "lv-cert svc-user ee-to-lv kafka",
        ]);
    }

    /// <summary>Reads the partner's feed from its start until <paramref name="expected"/> arrived, keeping any of <paramref name="alsoWatch"/> seen on the way.</summary>
    private async Task<Dictionary<string, Alert>> ReadFeedAsync(string partner, string[] expected, string[] alsoWatch, CancellationToken cancellationToken)
    {
        var topic = SharingServiceOptions.PartnerTopic(partner);
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            // The mock cluster creates no topic for a consumer: wait until the service's first produce created it.
            while (!cancellationToken.IsCancellationRequested && admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.All(t => t.Error.IsError || t.Partitions.Count == 0))
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var found = new Dictionary<string, Alert>();
        var wanted = expected.Concat(alsoWatch).ToHashSet();
        while (!cancellationToken.IsCancellationRequested && !expected.All(found.ContainsKey))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message is not null && AlertJson.Deserialize(result.Message.Value) is { } alert && wanted.Contains(alert.AlertId))
            {
                found[alert.AlertId] = alert;
            }
        }

        consumer.Close();
        return found;
    }
}
