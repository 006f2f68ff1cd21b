using System.Globalization;
using System.Text;
using ClickHouse.Driver.Utility;
using Confluent.Kafka;
using CyberAgg.Events.Alerts;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands;

/// <summary>
/// <c>cyberagg serve</c> as a process, stopped inside a correlation window (SIGTERM, and kill -9) and started again:
/// the sighting after the restart completes the window opened before it, and the alert is raised once.
/// </summary>
public sealed class ServeRestartTests : IClassFixture<KafkaFixture>, IClassFixture<ClickHouseFixture>, IDisposable
{
    private readonly KafkaFixture kafka;
    private readonly ClickHouseFixture clickHouse;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "cyberagg-serve-restart", Guid.NewGuid().ToString("N"));

    public ServeRestartTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
    {
        this.kafka = kafka;
        this.clickHouse = clickHouse;
        Directory.CreateDirectory(folder);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public async Task Serve_StoppedInsideAWindow_RestartRaisesTheCrossBorderAlertOnce(string signal)
    {
        var topic = kafka.NewTopic("serve-restart", partitions: 3);
        var database = "r_" + Guid.NewGuid().ToString("N");
        var config = Path.Combine(folder, $"serve-{signal}.yaml");
        File.WriteAllText(config, $"""
            kafka:
              bootstrap: {kafka.BootstrapServers}
            clickhouse:
              url: {clickHouse.Endpoint.ToString().TrimEnd('/')}
              database: {database}
            ingest:
              trust: open
            correlator:
              topic: {topic}
              group_id: restart-{database}
              idle_timeout: 1s
            telemetry:
              listen: off
            """);
        var ip = $"198.51.110.{Random.Shared.Next(1, 250)}";
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);

        Produce(topic, "ee-cert", Event("ee-1", "ee-cert", "EE", ip, at));
        await using (var first = Start(config))
        {
            await Eventually.WaitAsync(async () => first.HasExited || await CountAsync(database, "SELECT count() FROM events") >= 1, "the EE sighting is stored", TimeSpan.FromSeconds(120));
            first.HasExited.ShouldBeFalse($"serve is running while the EE sighting is stored; {first.Describe()}");
            await Stop(first, signal);
        }

        Produce(topic, "lv-cert", Event("lv-1", "lv-cert", "LV", ip, at.AddSeconds(61)));
        await using (var second = Start(config))
        {
            await Eventually.WaitAsync(
                async () => second.HasExited || await CountAsync(database, $"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND kind = 'cross-border'") >= 1,
                "the cross-border alert after the restart",
                TimeSpan.FromSeconds(120));
            second.HasExited.ShouldBeFalse($"serve is running after the restart; {second.Describe()}");
            await Stop(second, "TERM");
        }

        (await CountAsync(database, $"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND kind = 'cross-border' AND countries = ['EE','LV']")).ShouldBe(1UL);
        (await CountAsync(database, "SELECT count() FROM events")).ShouldBe(2UL);
        ReadAlerts(ip).Count.ShouldBe(1, "one alert published: not zero, not two");
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The password stays out of the file, as an operator would pass it.
    private CliProcess Start(string config) =>
        CliProcess.Start(["serve", "--config", config], new Dictionary<string, string> { ["CYBERAGG_CLICKHOUSE__PASSWORD"] = clickHouse.Password });

    private static async Task Stop(CliProcess serve, string signal)
    {
        var exitCode = await serve.StopAsync(signal, TimeSpan.FromSeconds(60));
        if (signal == "TERM")
        {
            exitCode.ShouldBe(0, $"serve stops cleanly on SIGTERM; {serve.Describe()}");
        }
    }

    private static string Event(string id, string partner, string country, string ip, DateTimeOffset at) =>
        $$$"""{"@timestamp":"{{{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}}}","event":{"id":"{{{id}}}","kind":"alert","severity":6},"observer":{"partner":"{{{partner}}}","country":"{{{country}}}"},"source":{"ip":"{{{ip}}}"}}""";

    private void Produce(string topic, string key, string json)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
        producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json) });
        producer.Flush(TimeSpan.FromSeconds(30)).ShouldBe(0);
    }

    private async Task<ulong> CountAsync(string database, string sql)
    {
        try
        {
            using var connection = await clickHouse.OpenAsync(database);
            return Convert.ToUInt64(await connection.ExecuteScalarAsync(sql), CultureInfo.InvariantCulture);
        }
        catch (ClickHouse.Driver.ClickHouseServerException)
        {
            // The database or table does not exist until serve has applied the schema.
            return 0;
        }
    }

    private List<Alert> ReadAlerts(string groupKey) =>
        AlertTopicReader.ReadAll(kafka.BootstrapServers).Where(a => a.GroupKey == groupKey && a.Kind == AlertKinds.CrossBorder).ToList();
}
