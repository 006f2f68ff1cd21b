using System.Diagnostics;
using System.Globalization;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO;
using Confluent.Kafka;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events;
using CyberAgg.Storage.Schema;
using CyberAgg.Storage.Writers;

// Usage: dotnet run -c Release --project benchmarks/CyberAgg.InfraBench -- [messages] [rows]
var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var data = Path.Combine(Path.GetTempPath(), "cyberagg-infrabench-" + Environment.ProcessId);

await using var kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 6 });
var clickhouse = await EmbeddedClickHouse.StartAsync(new EmbeddedClickHouseOptions { Port = 0, DataPath = data }, Console.Error);
await SchemaMigrator.ApplyAsync(clickhouse.ConnectionString());
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; {messages:N0} messages, {rows:N0} rows");
Console.WriteLine("| stage | items | seconds | items/s |");
Console.WriteLine("|---|---:|---:|---:|");

var payload = new byte[200];
Random.Shared.NextBytes(payload);
var clock = Stopwatch.StartNew();
using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
{
    BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true, Acks = Acks.All, CompressionType = CompressionType.Lz4,
    LingerMs = 5, BatchSize = 1_000_000, QueueBufferingMaxMessages = 1_000_000,
}).Build())
{
    var keys = Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i)).ToArray();
    for (var i = 0; i < messages; i++)
    {
        while (true)
        {
            try
            {
                producer.Produce(KafkaTopicNames.Events, new Message<byte[], byte[]> { Key = keys[i & 63], Value = payload });
                break;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    producer.Flush(TimeSpan.FromMinutes(5));
}

Report("Kafka produce (200 B, lz4, idempotent, acks=all)", messages, clock.Elapsed);

clock.Restart();
using (var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
{
    BootstrapServers = kafka.BootstrapServers, GroupId = "bench", AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
    FetchMaxBytes = 50_000_000, MaxPartitionFetchBytes = 10_000_000,
}).Build())
{
    consumer.Subscribe(KafkaTopicNames.Events);
    var seen = 0;
    while (seen < messages && clock.Elapsed < TimeSpan.FromMinutes(5))
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null })
        {
            seen++;
        }
    }

    Report("Kafka consume (one Consume() loop)", seen, clock.Elapsed);
    consumer.Close();
}

var start = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
string[] partners = ["ee-cert", "lv-cert", "lt-cert", "pl-cert", "fi-cert"];
string[] countries = ["EE", "LV", "LT", "PL", "FI"];
var columns = new[] { "event_id", "ts", "partner", "country", "category", "action", "severity", "source_ip", "destination_ip", "domain", "technique", "tlp", "message", "attributes" };
var empty = new Dictionary<string, string>();
object[] Row(int i) =>
[
    "ev-" + i.ToString(CultureInfo.InvariantCulture), start.AddMilliseconds(i), partners[i % 5], countries[i % 5], "network", "connection",
    (byte)(i % 10), $"203.0.{(i >> 8) & 255}.{i & 255}", "10.1.2.3", "example.org", "T1071", "AMBER", "outbound connection", empty,
];

using (var client = new ClickHouseClient(clickhouse.ConnectionString(SchemaMigrations.DefaultDatabase)))
{
    clock.Restart();
    var written = await client.InsertBinaryAsync("events", columns, Enumerable.Range(0, rows).Select(Row));
    Report("ClickHouse.Driver InsertBinaryAsync into cyberagg.events (one call)", written, clock.Elapsed);

    clock.Restart();
    const int batch = 50_000;
    long total = 0;
    for (var offset = 0; offset < rows; offset += batch)
    {
        total += await client.InsertBinaryAsync("events", columns, Enumerable.Range(offset, Math.Min(batch, rows - offset)).Select(Row));
    }

    Report($"ClickHouse.Driver InsertBinaryAsync, {batch:N0}-row batches", total, clock.Elapsed);
}

// The correlator's insert path: the same values as SecurityEvents, every column of EventRows written as RowBinary
// straight into the request (one chunk in memory), no gzip on loopback.
SecurityEvent Event(int i)
{
    var e = new SecurityEvent
    {
        EventId = "ev-" + i.ToString(CultureInfo.InvariantCulture), Timestamp = new DateTimeOffset(start.AddMilliseconds(i)),
        Partner = partners[i % 5], Country = countries[i % 5], Category = "network", Action = "connection", Severity = i % 10,
        SourceIp = $"203.0.{(i >> 8) & 255}.{i & 255}", DestinationIp = "10.1.2.3", DnsQuestionName = "example.org",
        ThreatTechniqueId = "T1071", Tlp = Tlp.Amber, Message = "outbound connection",
    };
    return e;
}

using (var writer = new ClickHouseWriter(clickhouse.ConnectionString(SchemaMigrations.DefaultDatabase)))
{
    const int batch = 50_000;
    var inserting = TimeSpan.Zero;
    long total = 0;
    for (var offset = 0; offset < rows; offset += batch)
    {
        var events = Enumerable.Range(offset, Math.Min(batch, rows - offset)).Select(Event).ToList();
        clock.Restart();
        total += await writer.InsertRowBinaryAsync("events", EventRows.Columns, new EventRows(events, new DateTimeOffset(start), 0), $"infra/{offset}", CancellationToken.None);
        inserting += clock.Elapsed;
    }

    Report($"ClickHouseWriter.InsertRowBinaryAsync (EventRows, every column), {batch:N0}-row batches (events built outside the time)", total, inserting);
}

using (var connection = new ClickHouseConnection(clickhouse.ConnectionString(SchemaMigrations.DefaultDatabase)))
{
    await connection.OpenAsync();
    using var command = connection.CreateCommand();
    command.CommandText = $"INSERT INTO events (event_id, ts, partner, country, category, action, severity, source_ip, destination_ip, domain, technique, tlp, message) " +
        $"SELECT concat('ev-', toString(number)), toDateTime64('2026-11-24 00:00:00', 3, 'UTC') + number / 1000, ['ee-cert','lv-cert','lt-cert','pl-cert','fi-cert'][number % 5 + 1], " +
        $"['EE','LV','LT','PL','FI'][number % 5 + 1], 'network', 'connection', number % 10, concat('203.0.', toString(intDiv(number, 256) % 256), '.', toString(number % 256)), " +
        $"'10.1.2.3', 'example.org', 'T1071', 'AMBER', 'outbound connection' FROM numbers({rows})";
    clock.Restart();
    await command.ExecuteNonQueryAsync();
    Report("baseline: engine-side INSERT ... SELECT FROM numbers (no HTTP, no client)", rows, clock.Elapsed);
}

await clickhouse.DisposeAsync();
Directory.Delete(data, recursive: true);

static void Report(string stage, long items, TimeSpan elapsed) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {items:N0} | {elapsed.TotalSeconds:F2} | {items / elapsed.TotalSeconds:N0} |"));
