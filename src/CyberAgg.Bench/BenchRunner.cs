using CyberAgg.Configuration.Kafka;
using Confluent.Kafka.Admin;
using CyberAgg.Bench.Report;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench;

/// <summary>
/// Runs the end-to-end benchmark: sets up Kafka and ClickHouse (embedded on free ports unless endpoints are given),
/// a fresh topic and database, runs the phases, and removes what it created.
/// </summary>
public sealed class BenchRunner(BenchOptions options, TextWriter progress, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <summary>The command line recorded in the report.</summary>
    public string Command { get; init; } = "cyberagg bench";

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ownsData = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "cyberagg-bench", Guid.NewGuid().ToString("N"));
        EmbeddedInfrastructure? infra = null;
        try
        {
            if (options.Kafka is null || options.ClickHouse is null)
            {
                await progress.WriteLineAsync("Starting the embedded infrastructure on free ports ...");
                infra = await EmbeddedInfrastructure.StartAsync(
                    new InfrastructureOptions
                    {
                        DataDirectory = dataDirectory,
                        Kafka = options.Kafka is null ? new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = options.Partitions } : null,
                        ClickHouse = options.ClickHouse is null ? new EmbeddedClickHouseOptions { Port = 0 } : null,
                    },
                    progress,
                    cancellationToken);
            }

            var runId = Guid.NewGuid().ToString("N")[..12];
            var kafka = new KafkaOptions { Bootstrap = options.Kafka ?? infra!.Kafka!.BootstrapServers };
            var url = options.ClickHouse ?? infra!.ClickHouse!.Endpoint.ToString().TrimEnd('/');
            var password = options.ClickHouse is null ? infra!.ClickHouse!.Password : options.ClickHousePassword ?? "";
            var clickHouse = new ClickHouseOptions { Url = url, Database = "bench_" + runId, Password = password };
            kafka.Validate();
            clickHouse.Validate();
            var topic = "cyberagg.bench." + runId;
            await CreateTopicAsync(infra?.Kafka, kafka, topic);
            var control = new ClickHouseOptions { Url = url, Database = "default", Password = password }.ConnectionString();
            await CorrelatorSetup.ApplySchemaAsync(clickHouse, cancellationToken);
            var infrastructure = infra is null
                ? $"Kafka {kafka.Bootstrap}, ClickHouse {url}"
                : $"embedded {(options.Kafka is null ? "Kafka (librdkafka mock, 3 brokers)" : "")}{(options.Kafka is null && options.ClickHouse is null ? " and " : "")}{(options.ClickHouse is null ? "ClickHouse (chDB " + infra.ClickHouse!.Version + ")" : "")}";
            try
            {
                using var run = new BenchRun(options, progress, time, kafka, clickHouse, topic, runId) { Command = Command, Infrastructure = infrastructure, EmbeddedKafka = options.Kafka is null };
                return await run.RunAsync(cancellationToken);
            }
            finally
            {
                if (infra?.ClickHouse is null)
                {
                    // An external server keeps nothing of the run.
                    using var writer = new ClickHouseWriter(control, time);
                    await writer.ExecuteAsync($"DROP DATABASE IF EXISTS {clickHouse.Database}", CancellationToken.None);
                }
            }
        }
        finally
        {
            if (infra is not null)
            {
                await infra.DisposeAsync();
            }

            if (ownsData && Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private async Task CreateTopicAsync(EmbeddedKafka? embedded, KafkaOptions kafka, string topic)
    {
        if (embedded is not null)
        {
            // The mock cluster answers no CreateTopics request (DESIGN §3).
            embedded.CreateTopic(topic, options.Partitions);
            return;
        }

        using var admin = KafkaClients.Admin(kafka.ToProducerConfig(), "bench");
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = options.Partitions, ReplicationFactor = -1 }]);
    }
}
