using System.Text;
using ClickHouse.Driver.Utility;
using Confluent.Kafka;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Correlator.Tests.Pipeline;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.EventTime;

/// <summary>
/// A replay: hours of events from eight partners in five countries, produced all at once, keyed by partner over
/// several partitions, one of them consumed long after the others. The alerts must be those of a time-ordered run.
/// </summary>
[Collection(CorrelatorCollection.Name)]
public sealed class ReplayTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    private static readonly (string Partner, string Country)[] Partners =
    [
        ("ee-cert", "EE"), ("lv-cert", "LV"), ("lv-mil", "LV"), ("lt-cert", "LT"),
        ("pl-cert", "PL"), ("pl-gov", "PL"), ("fi-cert", "FI"), ("fi-ncsc", "FI"),
    ];

    [Fact]
    public async Task Replay_PartitionsConsumedAtDifferentSpeeds_SameAlertsAsTimeOrderedSinglePartition()
    {
        var start = TimeProvider.System.GetUtcNow().AddDays(-2);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, 6, 0, 0, TimeSpan.Zero);
        var (events, crossing, decoys) = Scenario(start, new Random(20261201));

        // Reference: one partition, in event-time order.
        var reference = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await reference.InitializeAsync();
        Produce(reference.Topic, events.OrderBy(e => e.At).Select(e => (0, e)));
        using (var pipeline = reference.Create())
        {
            await RunUntilDrainedAsync(pipeline, events, resumeAfter: null);
        }

        var expected = await CrossBorderAsync(reference.Database);
        expected.Count.ShouldBe(crossing.Count, "the time-ordered run raises one alert per crossing indicator");

        // Replay: each partner's stream in order on its partition; partition 0 is paused until the rest is consumed.
        var replay = new PipelineHarness(kafka, clickHouse, partitions: 3);
        await replay.InitializeAsync();
        Produce(replay.Topic, events.GroupBy(e => e.Partner).SelectMany(g => g.OrderBy(e => e.At).Select(e => (Array.FindIndex(Partners, p => p.Partner == g.Key) % 3, e))));
        var paused = events.Count(e => Array.FindIndex(Partners, p => p.Partner == e.Partner) % 3 == 0);
        paused.ShouldBeGreaterThan(0);
        using (var pipeline = replay.Create())
        {
            pipeline.PauseOnAssign = new HashSet<int> { 0 };
            await RunUntilDrainedAsync(pipeline, events, resumeAfter: events.Count - paused);
            pipeline.LateEvents.ShouldBe(0, "a partition consumed late holds the watermark back instead of making its events late");
            pipeline.FutureEvents.ShouldBe(1, "the event stamped 2099 is counted");
        }

        var actual = await CrossBorderAsync(replay.Database);
        actual.ShouldBe(expected);
        foreach (var decoy in decoys)
        {
            actual.ShouldNotContain(a => a.Contains(decoy, StringComparison.Ordinal), $"decoy {decoy} raised an alert");
        }

        (await replay.ScalarAsync("SELECT count() FROM events")).ShouldBe((ulong)events.Count, "every event is stored, the future-dated one included");
    }

    private static async Task RunUntilDrainedAsync(CorrelatorPipeline pipeline, List<Sighting> events, int? resumeAfter)
    {
        var last = events.Where(e => e.At.Year < 2099).Max(e => e.At);
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);
        if (resumeAfter is { } consumed)
        {
            await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.Messages >= consumed, "the unpaused partitions are consumed", TimeSpan.FromSeconds(90));
            pipeline.Watermark.ShouldBeLessThan(last, "the paused partition holds the watermark back");
            pipeline.ResumePaused();
        }

        await Eventually.WaitAsync(
            () => run.IsCompleted || (pipeline.Totals.Messages >= events.Count && pipeline.Watermark >= last),
            "every event consumed and the watermark past the last one",
            TimeSpan.FromSeconds(120));
        await stop.CancelAsync();
        await run;
    }

    private static (List<Sighting> Events, List<string> Crossing, List<string> Decoys) Scenario(DateTimeOffset start, Random random)
    {
        var events = new List<Sighting>();
        var crossing = new List<string>();
        var decoys = new List<string>();
        var hours = TimeSpan.FromHours(6);
        for (var i = 0; i < 30; i++)
        {
            // The same indicator in two countries within ten minutes: one cross-border alert.
            var ip = $"198.18.{i}.10";
            crossing.Add(ip);
            var at = start + (hours - TimeSpan.FromMinutes(30)) * random.NextDouble();
            var first = Partners[random.Next(Partners.Length)];
            var second = Partners.Where(p => p.Country != first.Country).ElementAt(random.Next(6));
            events.Add(new Sighting(first.Partner, first.Country, ip, at));
            events.Add(new Sighting(second.Partner, second.Country, ip, at + TimeSpan.FromSeconds(random.Next(0, 600))));
        }

        for (var i = 0; i < 10; i++)
        {
            // Decoys: two countries hours apart, and two partners of one country.
            var apart = $"198.19.{i}.20";
            var at = start + TimeSpan.FromMinutes(random.Next(0, 120));
            events.Add(new Sighting("ee-cert", "EE", apart, at));
            events.Add(new Sighting("lt-cert", "LT", apart, at + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(random.Next(0, 60))));
            var national = $"198.19.{i}.30";
            events.Add(new Sighting("pl-cert", "PL", national, at));
            events.Add(new Sighting("pl-gov", "PL", national, at + TimeSpan.FromMinutes(random.Next(0, 5))));
            decoys.Add(apart);
            decoys.Add(national);
        }

        for (var i = 0; i < 300; i++)
        {
            var partner = Partners[random.Next(Partners.Length)];
            events.Add(new Sighting(partner.Partner, partner.Country, $"203.0.{i / 250}.{i % 250}", start + hours * random.NextDouble()));
        }

        // One sensor with a clock set to 2099: stored and counted, but it must not blind anyone.
        events.Add(new Sighting("fi-ncsc", "FI", "192.0.2.99", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        return (events, crossing, decoys);
    }

    private void Produce(string topic, IEnumerable<(int Partition, Sighting Event)> messages)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
        var i = 0;
        foreach (var (partition, e) in messages)
        {
            var json = PipelineHarness.Event(i++, e.Partner, e.Country, e.Ip, e.At);
            producer.Produce(new TopicPartition(topic, partition), new Message<string?, byte[]> { Key = e.Partner, Value = Encoding.UTF8.GetBytes(json) });
        }

        producer.Flush(TimeSpan.FromSeconds(30)).ShouldBe(0);
    }

    private async Task<List<string>> CrossBorderAsync(string database)
    {
        using var connection = await clickHouse.OpenAsync(database);
        using var reader = await connection.ExecuteReaderAsync(
            "SELECT rule_id, group_key, first_seen, last_seen, event_count, arrayStringConcat(countries, ',') FROM alerts FINAL WHERE kind = 'cross-border' ORDER BY group_key, first_seen");
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add($"{reader.GetValue(0)}|{reader.GetValue(1)}|{reader.GetValue(2):O}|{reader.GetValue(3):O}|{reader.GetValue(4)}|{reader.GetValue(5)}");
        }

        return rows;
    }

    private sealed record Sighting(string Partner, string Country, string Ip, DateTimeOffset At);
}
