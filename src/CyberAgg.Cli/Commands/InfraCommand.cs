using System.CommandLine;
using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Storage.Schema;
using CyberAgg.Events;

namespace CyberAgg.Cli.Commands;

/// <summary><c>cyberagg infra</c>: the embedded Kafka and ClickHouse, until Ctrl-C or SIGTERM.</summary>
internal static class InfraCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Folder for ClickHouse data (kept across runs). Kafka keeps nothing across runs.",
            DefaultValueFactory = _ => new DirectoryInfo(".cyberagg"),
        };
        var kafkaPort = new Option<int>("--kafka-port")
        {
            Description = "Fixed Kafka bootstrap port on 127.0.0.1.",
            DefaultValueFactory = _ => EmbeddedKafkaOptions.DefaultPort,
        };
        var clickhousePort = new Option<int>("--clickhouse-port")
        {
            Description = "ClickHouse HTTP interface port on 127.0.0.1.",
            DefaultValueFactory = _ => EmbeddedClickHouseOptions.DefaultPort,
        };
        var brokers = new Option<int>("--brokers")
        {
            Description = "Number of Kafka brokers.",
            DefaultValueFactory = _ => 3,
        };
        var partitions = new Option<int>("--partitions")
        {
            Description = "Partitions of each topic created at start.",
            DefaultValueFactory = _ => 6,
        };
        var kafkaOnly = new Option<bool>("--kafka-only") { Description = "Start only Kafka." };
        var clickhouseOnly = new Option<bool>("--clickhouse-only") { Description = "Start only ClickHouse." };

        var command = new Command("infra", """
            Run the embedded infrastructure: a 3-broker Kafka (librdkafka's mock cluster) and ClickHouse (chDB) behind
            its HTTP interface, with the cyberagg schema applied. Runs until Ctrl-C or SIGTERM.

            Examples:
              cyberagg infra
              cyberagg infra --data /var/lib/cyberagg --kafka-port 29092 --clickhouse-port 28123
              kcat -b 127.0.0.1:19092 -L
              curl -u "default:$(cat .cyberagg/clickhouse/password)" 'http://127.0.0.1:18123/?query=SELECT+version()'

            ClickHouse asks for a password, generated at first start into <data>/clickhouse/password (mode 0600);
            set CYBERAGG_CLICKHOUSE_PASSWORD to choose it yourself. cyberagg serve and the other commands find it there.
            """)
        {
            data, kafkaPort, clickhousePort, brokers, partitions, kafkaOnly, clickhouseOnly,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(kafkaOnly) && parse.GetValue(clickhouseOnly))
            {
                await Console.Error.WriteLineAsync("error: --kafka-only and --clickhouse-only exclude each other; pass at most one.");
                return 2;
            }

            var options = new InfrastructureOptions
            {
                DataDirectory = parse.GetValue(data)!.FullName,
                Kafka = parse.GetValue(clickhouseOnly) ? null : new EmbeddedKafkaOptions
                {
                    Port = parse.GetValue(kafkaPort),
                    Brokers = parse.GetValue(brokers),
                    DefaultPartitions = parse.GetValue(partitions),
                },
                ClickHouse = parse.GetValue(kafkaOnly) ? null : new EmbeddedClickHouseOptions { Port = parse.GetValue(clickhousePort) },
            };

            using var stop = ShutdownSignal.Create(cancellationToken);
            await using var infra = await InfrastructureStarter.StartOrReportAsync(options, Console.Error, stop.Token);
            if (infra is null)
            {
                return 2;
            }

            Console.WriteLine("CyberAgg embedded infrastructure is running.");
            if (infra.Kafka is { } kafka)
            {
                Console.WriteLine($"  Kafka bootstrap   {kafka.BootstrapServers}  ({kafka.BrokerIds.Count} brokers; topics: {string.Join(", ", KafkaTopicNames.Core)})");
                var eventsPartitions = new EmbeddedKafkaOptions().EventsPartitions;
                Console.WriteLine($"  Kafka retention   {KafkaTopicNames.Events}: {eventsPartitions} partitions x 5 MiB = about {eventsPartitions * EmbeddedKafkaOptions.RetainedBytesPerPartition / (1024 * 1024)} MiB of backlog; older data is deleted and reported as a gap");
            }

            if (infra.ClickHouse is { } clickhouse)
            {
                Console.WriteLine($"  ClickHouse HTTP   {clickhouse.Endpoint}  (engine {clickhouse.Version}, database {SchemaMigrations.DefaultDatabase}, data {clickhouse.DataPath})");
                Console.WriteLine($"    user {clickhouse.User}, password {(clickhouse.PasswordFile is null ? "from " + EmbeddedClickHouseOptions.PasswordVariable : "in " + clickhouse.PasswordFile)}");
                Console.WriteLine($"    try: {clickhouse.CurlCommand("SHOW TABLES FROM " + SchemaMigrations.DefaultDatabase)}");
            }

            Console.WriteLine("Press Ctrl-C to stop.");
            await stop.WaitAsync();
            Console.WriteLine("Stopping ...");
            return 0;
        });

        return command;
    }
}
