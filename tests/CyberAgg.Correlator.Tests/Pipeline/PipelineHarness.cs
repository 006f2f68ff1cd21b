using System.Globalization;
using System.Text;
using ClickHouse.Driver.Utility;
using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events.Ingest;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>One isolated correlator setup per test: its own topic, consumer group and ClickHouse database.</summary>
internal sealed class PipelineHarness(KafkaFixture kafka, ClickHouseFixture clickHouse, int partitions = 3)
{
    public string Topic { get; } = kafka.NewTopic("events", partitions);

    public string Group { get; } = "correlator-" + Guid.NewGuid().ToString("N");

    public string Database { get; private set; } = "";

    public IngestOptions Ingest { get; set; } = new() { Trust = IngestTrust.Open };

    public static RuleSet ShippedRules { get; } = RuleSet.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "rules"));

    public async Task InitializeAsync()
    {
        Database = "c_" + Guid.NewGuid().ToString("N");
        await SchemaMigrator.ApplyAsync(clickHouse.ConnectionString(), Database);
    }

    /// <summary>
    /// Options for a test: a short idle timeout, so once the topic is drained the watermark passes the last events
    /// within a second instead of the production default of 30 s.
    /// </summary>
    public CorrelatorOptions Options(int batchMaxEvents = 50_000) =>
        new() { GroupId = Group, Topic = Topic, BatchMaxEvents = batchMaxEvents, IdleTimeout = TimeSpan.FromMilliseconds(500) };

    public ClickHouseOptions ClickHouse => new() { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Database = Database, Password = clickHouse.Password };

    /// <summary>
    /// Kafka settings for a test: a 10 s session instead of the production 45 s. The embedded Kafka (librdkafka's mock)
    /// waits the session timeout less one second before it elects a leader when a member joins a group that is up,
    /// and a cooperative hand-over takes two such rounds: with 45 s a second instance joining late owned nothing for
    /// about 90 s, the time tests wait for it (a real broker ends the round as soon as every member has rejoined).
    /// </summary>
    public KafkaOptions Kafka => new() { Bootstrap = kafka.BootstrapServers, SessionTimeout = TimeSpan.FromSeconds(10) };

    public CorrelatorPipeline Create(int batchMaxEvents = 50_000) => Create(Options(batchMaxEvents));

    public CorrelatorPipeline Create(CorrelatorOptions options) => new(
        options,
        Kafka,
        ClickHouse,
        ShippedRules,
        Ingest,
        NullLogger.Instance);

    public void Produce(IEnumerable<(string? Key, byte[] Value, Headers? Headers)> messages)
    {
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var (key, value, headers) in messages)
        {
            producer.Produce(Topic, new Message<string?, byte[]> { Key = key, Value = value, Headers = headers });
        }

        producer.Flush(TimeSpan.FromSeconds(30)).ShouldBe(0);
    }

    public void ProduceJson(IEnumerable<string> json) => Produce(json.Select(j => ((string?)null, Encoding.UTF8.GetBytes(j), (Headers?)null)));

    public static string Event(int i, string partner, string country, string sourceIp, DateTimeOffset at, string kind = "alert") =>
        $$$"""{"@timestamp":"{{{at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}}}","event":{"id":"ev-{{{i}}}","kind":"{{{kind}}}","severity":6},"observer":{"partner":"{{{partner}}}","country":"{{{country}}}"},"source":{"ip":"{{{sourceIp}}}"}}""";

    public async Task<ulong> ScalarAsync(string sql)
    {
        using var connection = await clickHouse.OpenAsync(Database);
        return Convert.ToUInt64(await connection.ExecuteScalarAsync(sql), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        using var connection = await clickHouse.OpenAsync(Database);
        await connection.ExecuteStatementAsync(sql);
    }

    /// <summary>Runs a pipeline until <paramref name="done"/> holds, then stops it and waits for it to finish.</summary>
    public static async Task RunUntilAsync(CorrelatorPipeline pipeline, Func<bool> done, TimeSpan? timeout = null)
    {
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pipeline.BatchCommitted += _ =>
        {
            if (done())
            {
                reached.TrySetResult();
            }
        };
        pipeline.AlertsCommitted += _ =>
        {
            if (done())
            {
                reached.TrySetResult();
            }
        };
        var run = pipeline.RunAsync(stop.Token);
        var finished = await Task.WhenAny(reached.Task, run, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        await run;
        finished.ShouldBe(reached.Task, "the pipeline reached the expected state in time");
    }
}
