using System.Net;
using Confluent.Kafka;
using CyberAgg.Api.Health;
using CyberAgg.Api.Hosting;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Service;
using CyberAgg.Sharing.Store;
using CyberAgg.Sharing.Tests;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Api.Tests.Health;

/// <summary>partner_silent over the embedded ClickHouse and Kafka: raised once, stored, published to the alerts topic, shared like any alert.</summary>
[Collection(ApiCollection.Name)]
public sealed class PartnerSilenceMonitorTests(ApiFixture fixture)
{
    [Fact]
    public async Task Check_PartnerThatUsuallySendsWentQuiet_RaisesOnePartnerSilentAlertThroughTheAlertPath()
    {
        // An hour back: other tests store lt events as they run, received after this "now", so they do not break lt's silence.
        var now = TimeProvider.System.GetUtcNow().AddHours(-1);
        var last = await SeedLtEventsAsync(now.AddHours(-3), count: 20);
        using var admin = fixture.As(TestConfig.AdminToken);
        using var stream = await admin.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
        using var sse = new SseReader(await stream.Content.ReadAsStreamAsync());
        using var monitor = Monitor(new FakeTimeProvider(now), TimeSpan.FromMinutes(30));

        var raised = await monitor.CheckAsync(CancellationToken.None);

        var alert = raised.ShouldHaveSingleItem();
        alert.AlertId.ShouldBe($"partner_silent:lt-cert:{last.ToUnixTimeMilliseconds()}");
        alert.RuleTitle.ShouldContain("stopped sending events");
        alert.Partners.ShouldBe(["lt-cert"]);
        (await monitor.CheckAsync(CancellationToken.None)).ShouldBeEmpty("one silence raises one alert");
        // Published: the live feed (which follows the alerts topic) delivers it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await sse.NextAsync(timeout.Token) is { } e && !e.Data.Contains(alert.AlertId, StringComparison.Ordinal))
        {
        }

        // Stored, and shared by lt's own agreements: lt sees it, ee (no agreement with lt) does not.
        using var lt = fixture.As(TestConfig.LtToken);
        using var ee = fixture.As(TestConfig.EeToken);
        (await lt.GetAsync("/api/alerts/" + Uri.EscapeDataString(alert.AlertId))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ee.GetAsync("/api/alerts/" + Uri.EscapeDataString(alert.AlertId))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Signed as the correlator signs: the sharing service verifies it and releases it to lt's own feed, signed for lt.
        var feed = await PartnerFeedAsync("lt-cert", alert.AlertId);
        AlertJson.Deserialize(feed.Value).RuleId.ShouldBe(PartnerSilenceMonitor.RuleId);
        AlertSignature.Verify(new AlertKeyRing([SignedAlerts.Keys.Current.ForPartnerFeed("lt-cert")]), SharingServiceOptions.PartnerTopic("lt-cert"),
            feed.Value, feed.Headers.GetLastBytes(AlertSignature.HeaderName)).ShouldBeNull();
    }

    [Fact]
    public async Task Check_PartnerStillSending_RaisesNothing()
    {
        var start = TimeProvider.System.GetUtcNow().AddDays(-2);
        var last = await SeedLtEventsAsync(start, count: 20);
        using var monitor = Monitor(new FakeTimeProvider(last.AddMinutes(2)), TimeSpan.FromMinutes(5));

        (await monitor.CheckAsync(CancellationToken.None)).ShouldNotContain(a => a.Partners.Contains("lt-cert"));
    }

    [Fact]
    public async Task Dispose_TwiceAfterTheMonitorPublishedAnAlert_SecondCallIsANoOp()
    {
        // The API host disposes the monitor twice (a singleton that is also the hosted service). Once it has published, the
        // second call used to flush a producer already closed: `cyberagg demo --exit-when-done` then exited 1.
        // A day and more back, so neither the other tests' lt events nor this one's affect each other's windows.
        var now = TimeProvider.System.GetUtcNow().AddHours(-30);
        await SeedLtEventsAsync(now.AddHours(-3), count: 20);
        var monitor = Monitor(new FakeTimeProvider(now), TimeSpan.FromMinutes(30));
        (await monitor.CheckAsync(CancellationToken.None)).ShouldContain(a => a.Partners.Contains("lt-cert"), "the producer must exist for this test to mean anything");

        monitor.Dispose();

        Should.NotThrow(monitor.Dispose);
    }

    /// <summary>Runs the sharing service over the alerts topic until <paramref name="alertId"/> reaches the feed of <paramref name="partner"/>.</summary>
    private async Task<Message<string, byte[]>> PartnerFeedAsync(string partner, string alertId)
    {
        using var writer = new ClickHouseWriter(fixture.ClickHouse.ConnectionString("cyberagg"));
        await using var audit = new AuditLog(writer, "cyberagg", NullLogger.Instance);
        var kafka = new KafkaOptions { Bootstrap = fixture.KafkaBootstrap };
        var options = new SharingServiceOptions
        {
            AlertsTopic = fixture.Topic,
            GroupId = "sharing-" + Guid.NewGuid().ToString("N"),
            DeadLetterTopic = "deadletter-" + Guid.NewGuid().ToString("N"),
            SigningKeys = SignedAlerts.Keys,
        };
        using var service = new SharingService(fixture.Policy, kafka, audit, options, TimeProvider.System, NullLogger<SharingService>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await service.StartAsync(timeout.Token);
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.KafkaBootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            TopicMetadataRefreshIntervalMs = 200,
        }).Build();
        consumer.Subscribe(SharingServiceOptions.PartnerTopic(partner));
        try
        {
            while (true)
            {
                timeout.Token.ThrowIfCancellationRequested();
                try
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } m } && AlertJson.Deserialize(m.Value).AlertId == alertId)
                    {
                        return m;
                    }
                }
                catch (ConsumeException e) when (e.Error.Code == ErrorCode.UnknownTopicOrPart)
                {
                    // The mock cluster creates no topic for a consumer: the service's first release to the feed creates it.
                }
            }
        }
        finally
        {
            consumer.Close();
            await service.StopAsync(CancellationToken.None);
        }
    }

    private PartnerSilenceMonitor Monitor(TimeProvider time, TimeSpan silentAfter)
    {
        var options = new ApiOptions
        {
            AlertsTopic = fixture.Topic,
            PartnerSilentAfter = silentAfter,
            ClickHouse = new ClickHouseOptions { Url = fixture.ClickHouse.Endpoint.ToString().TrimEnd('/'), Database = "cyberagg", Password = fixture.ClickHouse.Password },
            Kafka = new KafkaOptions { Bootstrap = fixture.KafkaBootstrap },
        };
        var store = new AlertStore(options.ClickHouse.ConnectionString(), "cyberagg", time);
        return new PartnerSilenceMonitor(options, fixture.Policy, store, SignedAlerts.Keys, time, NullLogger<PartnerSilenceMonitor>.Instance);
    }

    /// <summary>lt's sensor sending one event a minute from <paramref name="start"/>; returns when the last one arrived.</summary>
    private async Task<DateTimeOffset> SeedLtEventsAsync(DateTimeOffset start, int count)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(start.ToUnixTimeMilliseconds());
        using var writer = new ClickHouseWriter(fixture.ClickHouse.ConnectionString("cyberagg"));
        var rows = Enumerable.Range(0, count).Select(i => new object[]
            { "lt-quiet-" + Guid.NewGuid().ToString("N"), t.AddMinutes(i).UtcDateTime, t.AddMinutes(i).UtcDateTime, "lt-cert", "LT", "lt-sensor-1", "network", "GREEN" }).ToList();
        await writer.InsertAsync("cyberagg.events", ["event_id", "ts", "ingested_at", "partner", "country", "observer_name", "category", "tlp"], rows, "lt-quiet-" + Guid.NewGuid(), CancellationToken.None);
        return t.AddMinutes(count - 1);
    }
}
