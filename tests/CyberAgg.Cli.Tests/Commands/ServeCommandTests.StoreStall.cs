using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands;

public sealed partial class ServeCommandTests
{
    [Fact]
    public async Task Serve_EventsTableGoneWhileRunning_ReadyzFailsWithTheReasonThenRecoversAndStoresTheEvent()
    {
        var data = Path.Combine(dir, "stall");
        await using var serve = CliProcess.Start(["serve", "--embedded", "--data", data, "--kafka-port", "0", "--clickhouse-port", "0", "--set", "telemetry.listen=127.0.0.1:0", "--set", "correlator.lateness=10m"]);
        var lines = await serve.ReadUntilAsync("Correlator:", StartBudget);
        var ops = new Uri(OpsAddress().Match(string.Join('\n', lines)).Groups["url"].Value);
        var bootstrap = Bootstrap().Match(lines[^1]).Groups["bootstrap"].Value;
        var clickHouse = new Uri(ClickHouseUrl().Match(lines[^1]).Groups["url"].Value);
        var password = (await File.ReadAllTextAsync(Path.Combine(data, "clickhouse", "password"))).Trim();
        await Eventually.WaitAsync(async () => (await Http.GetAsync(new Uri(ops, "readyz"))).StatusCode == HttpStatusCode.OK, "the correlator is ready", TimeSpan.FromSeconds(60));

        // The fault: the table the correlator inserts into disappears (an operator's mistake, a failed migration).
        await ClickHouseHttp.QueryAsync(clickHouse, password, "RENAME TABLE cyberagg.events TO cyberagg.events_parked");
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            // Recent: an event older than the 90-day retention would be dead-lettered, never inserted.
            var at = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture);
            await producer.ProduceAsync("cyberagg.events.v1", new Message<Null, string> { Value = $$$"""{"@timestamp":"{{{at}}}","event":{"id":"stall-1","kind":"alert","severity":7},"observer":{"partner":"ee-cert","country":"EE","name":"s1"},"source":{"ip":"198.51.100.8"}}""" });
        }

        // Not a silent idle state: /readyz fails and says why, and the gauge says a pipeline is stalled.
        string body = "";
        await Eventually.WaitAsync(async () =>
        {
            using var response = await GetFromAsync(serve, new Uri(ops, "readyz"));
            body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("cannot store events", StringComparison.Ordinal);
        }, "/readyz reports the stall", TimeSpan.FromSeconds(60));
        body.ShouldContain("events");
        StalledGauge().IsMatch(await Http.GetStringAsync(new Uri(ops, "metrics"))).ShouldBeTrue("the stall is on the gauge");

        // The table comes back: the retried insert lands, /readyz recovers, and the event is stored once.
        await ClickHouseHttp.QueryAsync(clickHouse, password, "RENAME TABLE cyberagg.events_parked TO cyberagg.events");
        await Eventually.WaitAsync(async () => (await GetFromAsync(serve, new Uri(ops, "readyz"))).StatusCode == HttpStatusCode.OK, "the correlator is ready again", TimeSpan.FromSeconds(60));
        await Eventually.WaitAsync(async () => await ClickHouseHttp.QueryAsync(clickHouse, password, "SELECT count() FROM cyberagg.events WHERE event_id = 'stall-1'") == "1", "the event is stored once", TimeSpan.FromSeconds(30));
        await StopAsync(serve);
    }

    [GeneratedRegex(@"^cyberagg_correlator_store_stalled(\{[^}]*\})? 1(\s|$)", RegexOptions.Multiline)]
    private static partial Regex StalledGauge();

    [GeneratedRegex(@"ClickHouse (?<url>http://[0-9.:]+/?) ")]
    private static partial Regex ClickHouseUrl();
}
