using System.Text;
using ClickHouse.Driver.Utility;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>A Kafka that comes back empty (offsets from 0 again) while ClickHouse keeps its data.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class KafkaIncarnationTests(ClickHouseFixture clickHouse)
{
    private const string Topic = "cyberagg.events.v1";

    [Fact]
    public async Task KafkaRestartedEmpty_NewEventsAtOldOffsets_AreAllStored()
    {
        var database = "k_" + Guid.NewGuid().ToString("N");
        await SchemaMigrator.ApplyAsync(clickHouse.ConnectionString(), database);
        var start = TimeProvider.System.GetUtcNow().AddHours(-2);

        await RunIncarnationAsync(database, Enumerable.Range(0, 120).Select(i => PipelineHarness.Event(i, "ee-cert", "EE", $"203.0.113.{i % 200}", start.AddSeconds(i))), expectedTotal: 120);
        await RunIncarnationAsync(database, Enumerable.Range(1000, 120).Select(i => PipelineHarness.Event(i, "ee-cert", "EE", $"203.0.113.{i % 200}", start.AddSeconds(i))), expectedTotal: 240);

        using var connection = await clickHouse.OpenAsync(database);
        Convert.ToUInt64(await connection.ExecuteScalarAsync("SELECT uniqExact(event_id) FROM events"), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(240UL, "the second life of the topic reused offsets 0..119, not the first life's deduplication tokens");
    }

    private async Task RunIncarnationAsync(string database, IEnumerable<string> events, ulong expectedTotal)
    {
        await using var kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 1, EventsPartitions = 1 });
        using (var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build())
        {
            foreach (var json in events)
            {
                producer.Produce(Topic, new Message<string?, byte[]> { Value = Encoding.UTF8.GetBytes(json) });
            }

            producer.Flush(TimeSpan.FromSeconds(30)).ShouldBe(0);
        }

        var options = new CorrelatorOptions { GroupId = "incarnation", Topic = Topic, IdleTimeout = TimeSpan.FromMilliseconds(500) };
        var clickHouseOptions = new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Database = database, Password = clickHouse.Password };
        using var pipeline = new CorrelatorPipeline(options, new KafkaOptions { Bootstrap = kafka.BootstrapServers }, clickHouseOptions, PipelineHarness.ShippedRules, new IngestOptions { Trust = IngestTrust.Open }, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = pipeline.RunAsync(stop.Token);
        await Eventually.WaitAsync(() => run.IsCompleted || pipeline.Totals.Messages >= 120, "the incarnation's events are consumed");

        await stop.CancelAsync();
        await run;
        using var check = await clickHouse.OpenAsync(database);
        Convert.ToUInt64(await check.ExecuteScalarAsync("SELECT count() FROM events"), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expectedTotal);
    }
}
