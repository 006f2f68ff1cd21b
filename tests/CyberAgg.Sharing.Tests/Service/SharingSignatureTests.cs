using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Service;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Sharing.Tests.Service;

/// <summary>The sharing service releases only alerts signed by this deployment, dead-letters the rest, and signs each partner feed.</summary>
[Collection(SharingCollection.Name)]
public sealed class SharingSignatureTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task Run_ForgedAlerts_AreDeadLetteredWithTheReasonAndReachNoFeed()
    {
        var source = kafka.NewTopic("alerts", partitions: 1);
        var deadLetters = kafka.NewTopic("deadletter", 1);
        var group = "sharing-" + Guid.NewGuid().ToString("N");
        var forged = TestConfig.Alert() with { AlertId = "forged-" + group };
        var genuine = TestConfig.Alert() with { AlertId = "genuine-" + group };
        var value = AlertJson.Serialize(forged);
        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(source, new Message<string, byte[]> { Key = "a", Value = value });
            await producer.ProduceAsync(source, new Message<string, byte[]>
            {
                Key = "b",
                Value = value,
                Headers = new Headers { { AlertSignature.HeaderName, AlertSignature.Sign(AlertSigningKey.Generate(), source, value) } },
            });
            var altered = SignedAlerts.Message(value, "c", source);
            altered.Value = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(value).Replace("\"AMBER\"", "\"GREEN\"", StringComparison.Ordinal));
            await producer.ProduceAsync(source, altered);
            await producer.ProduceAsync(source, SignedAlerts.Message(genuine, source));
        }

        using var writer = new ClickHouseWriter(clickHouse.ConnectionString("cyberagg"));
        await using var audit = new AuditLog(writer, "cyberagg", NullLogger.Instance);
        var options = new SharingServiceOptions { AlertsTopic = source, GroupId = group, DeadLetterTopic = deadLetters, SigningKeys = SignedAlerts.Keys };
        using var service = new SharingService(TestConfig.Policy(), new KafkaOptions { Bootstrap = kafka.BootstrapServers }, audit, options, TimeProvider.System, NullLogger<SharingService>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.StartAsync(timeout.Token);
        var feed = await ReadUntilAsync(SharingServiceOptions.PartnerTopic("lv-cert"), m => m.Value.AsSpan().IndexOf(Encoding.UTF8.GetBytes(group)) >= 0, genuine.AlertId, timeout.Token);
        var dead = await ReadUntilAsync(deadLetters, _ => true, null, timeout.Token, count: 3);
        await service.StopAsync(CancellationToken.None);

        feed.Select(m => AlertJson.Deserialize(m.Value).AlertId).ShouldBe([genuine.AlertId]);
        dead.Select(m => Encoding.UTF8.GetString(m.Headers.GetLastBytes("cyberagg-deadletter-reason"))).ShouldBe(["unsigned", "unknown_key", "bad_signature"]);
        var feedKeys = new AlertKeyRing([SignedAlerts.Keys.Current.ForPartnerFeed("lv-cert")]);
        var signature = feed[0].Headers.GetLastBytes(AlertSignature.HeaderName);
        AlertSignature.Verify(feedKeys, SharingServiceOptions.PartnerTopic("lv-cert"), feed[0].Value, signature).ShouldBeNull();
        AlertSignature.Verify(SignedAlerts.Keys, SharingServiceOptions.PartnerTopic("lv-cert"), feed[0].Value, signature).ShouldBe(AlertSignature.UnknownKey, "the central key must not verify a partner feed");
        AlertSignature.Verify(new AlertKeyRing([SignedAlerts.Keys.Current.ForPartnerFeed("ee-cert")]), SharingServiceOptions.PartnerTopic("lv-cert"), feed[0].Value, signature)
            .ShouldNotBeNull("another partner's feed key must not verify lv's feed");
    }

    /// <summary>Reads <paramref name="topic"/> from the start, keeping matching messages, until <paramref name="untilAlertId"/> or <paramref name="count"/> messages arrived.</summary>
    private async Task<List<Message<string, byte[]>>> ReadUntilAsync(string topic, Func<Message<string, byte[]>, bool> keep, string? untilAlertId, CancellationToken cancellationToken, int count = int.MaxValue)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            TopicMetadataRefreshIntervalMs = 200,
        }).Build();
        consumer.Subscribe(topic);
        var found = new List<Message<string, byte[]>>();
        while (!cancellationToken.IsCancellationRequested && found.Count < count)
        {
            ConsumeResult<string, byte[]>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException e) when (e.Error.Code == ErrorCode.UnknownTopicOrPart)
            {
                // The mock cluster creates no topic for a consumer: the service's first produce creates it.
                continue;
            }

            if (result?.Message is null || !keep(result.Message))
            {
                continue;
            }

            found.Add(result.Message);
            if (untilAlertId is not null && AlertJson.Deserialize(result.Message.Value).AlertId == untilAlertId)
            {
                break;
            }
        }

        consumer.Close();
        cancellationToken.ThrowIfCancellationRequested();
        return found;
    }
}
