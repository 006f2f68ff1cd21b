using System.Net.Http.Headers;
using Confluent.Kafka;
using CyberAgg.Api.Hosting;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;
using CyberAgg.Sharing.Tests;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Api.Tests.Support;

/// <summary>The real Kestrel server on 127.0.0.1 and a free port, over the embedded Kafka and ClickHouse, with <see cref="Seed"/> stored.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly KafkaFixture kafka = new();
    private readonly ClickHouseFixture clickHouse = new();
    private WebApplication? app;
    private IProducer<string, byte[]>? producer;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public string Topic { get; private set; } = "";

    public SharingPolicy Policy { get; } = new(SharingConfigLoader.Parse(TestConfig.Yaml(), TestConfig.Environment));

    public ClickHouseFixture ClickHouse => clickHouse;

    public string KafkaBootstrap => kafka.BootstrapServers;

    public async Task InitializeAsync()
    {
        _ = SignedAlerts.Keys;
        await kafka.InitializeAsync();
        await clickHouse.InitializeAsync();
        // One partition keeps the order in which tests produce alerts, so "B arrived and A did not" means something.
        Topic = kafka.NewTopic("alerts", partitions: 1);
        var options = new ApiOptions
        {
            Listen = "127.0.0.1:0",
            AlertsTopic = Topic,
            ClickHouse = new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Database = "cyberagg", Password = clickHouse.Password },
            Kafka = new KafkaOptions { Bootstrap = kafka.BootstrapServers },
        };
        await SeedAsync(options.ClickHouse.ConnectionString());
        app = ApiHost.Build(options, Policy, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        BaseAddress = app.BoundAddress();
        producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
        using var client = Anonymous();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await client.GetAsync("/readyz", timeout.Token)).StatusCode != System.Net.HttpStatusCode.OK)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient As(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Produces alert JSON to the topic the live feed follows, as the correlator does.</summary>
    public Task ProduceAsync(Alert alert) => producer!.ProduceAsync(Topic, SignedAlerts.Message(alert, Topic));

    /// <summary>Produces signed bytes, as a correlator with a bug would.</summary>
    public Task ProduceRawAsync(byte[] value) => producer!.ProduceAsync(Topic, SignedAlerts.Message(value, "raw", Topic));

    /// <summary>Produces a message as anyone with access to the topic could: any value, any headers.</summary>
    public Task ProduceForgedAsync(Message<string, byte[]> message) => producer!.ProduceAsync(Topic, message);

    /// <summary>Stores alerts as the correlator does.</summary>
    public async Task StoreAsync(params Alert[] alerts)
    {
        using var writer = new ClickHouseWriter(clickHouse.ConnectionString("cyberagg"));
        await writer.InsertAsync("cyberagg.alerts", AlertsTable.Columns,
            alerts.Select(a => AlertsTable.ToRow(new StoredAlert(a, "", a.RaisedAt))).ToList(), "seed:" + Guid.NewGuid(), CancellationToken.None);
    }

    /// <summary>Stores events as the correlator does: (event_id, ts, partner, country, category, tlp, user_name).</summary>
    public Task StoreEventsAsync(params (string Id, DateTimeOffset Ts, string Partner, string Country, string Category, string Tlp, string User)[] events) =>
        StoreEventsAsync("events:" + Guid.NewGuid(), events);

    /// <summary>As above; a repeated <paramref name="token"/> stores nothing more, as a replayed batch does.</summary>
    public async Task StoreEventsAsync(string token, params (string Id, DateTimeOffset Ts, string Partner, string Country, string Category, string Tlp, string User)[] events)
    {
        using var writer = new ClickHouseWriter(clickHouse.ConnectionString("cyberagg"));
        string[] columns = ["event_id", "ts", "partner", "country", "category", "tlp", "user_name"];
        await writer.InsertAsync("cyberagg.events", columns,
            events.Select(e => new object[] { e.Id, e.Ts.UtcDateTime, e.Partner, e.Country, e.Category, e.Tlp, e.User }).ToList(), token, CancellationToken.None);
    }

    private async Task SeedAsync(string connectionString)
    {
        await StoreAsync(Seed.All);
        using var writer = new ClickHouseWriter(connectionString);
        string[] columns = ["event_id", "ts", "partner", "country", "category", "user_name", "host_name", "source_ip", "destination_ip", "tlp", "message", "process_command_line"];
        var t = Seed.T0.UtcDateTime.AddMinutes(-5);
        List<object[]> rows =
        [
            ["ev-ee-1", t, "ee-cert", "EE", "authentication", "alice", "ws-042.corp.ee", "10.0.0.5", "203.0.113.7", "AMBER", "secret message from alice", "cmd /c whoami"],
            ["ev-lv-1", t.AddMinutes(1), "lv-cert", "LV", "network", "bob", "lv-host-1", "203.0.113.7", "192.168.5.5", "AMBER", "lv message", ""],
            ["ev-ee-red", t.AddMinutes(2), "ee-cert", "EE", "network", "carol", "ws-red", "203.0.113.7", "198.51.100.66", "RED", "red secret message", ""],
            ["ev-fr-1", t.AddMinutes(3), "fr-cert", "FR", "network", "", "", "203.0.113.7", "", "GREEN", "", ""],
        ];
        await writer.InsertAsync("cyberagg.events", columns, rows, "seed-events", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        producer?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await clickHouse.DisposeAsync();
        await kafka.DisposeAsync();
    }
}
