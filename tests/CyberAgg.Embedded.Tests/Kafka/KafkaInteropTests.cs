using System.Globalization;
using Confluent.Kafka;
using CyberAgg.Testing;

namespace CyberAgg.Embedded.Tests.Kafka;

/// <summary>Third-party clients (kcat on librdkafka, kafka-python in pure Python) against the embedded Kafka.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class KafkaInteropTests(KafkaFixture fixture)
{
    // Debian's interpreter: the python3 first on PATH may be another one that does not see python3-kafka.
    private const string DebianPython = "/usr/bin/python3";

    [Fact]
    public async Task Kcat_ProducesAndConsumesThroughAGroup_DotNetSeesTheSameMessages()
    {
        var kcat = ExternalTool.Require("kcat", "kcat");
        var fromKcat = fixture.NewTopic("kcat-in", partitions: 2);
        var lines = Enumerable.Range(0, 100).Select(i => $"k{i % 5}:kcat-{i}").ToList();

        var produce = await ExternalTool.RunAsync(kcat, ["-b", fixture.BootstrapServers, "-t", fromKcat, "-P", "-K:"], string.Join('\n', lines) + "\n");
        produce.ExitCode.ShouldBe(0, produce.Error);
        Consume(fromKcat, 100).Select(m => $"{m.Key}:{m.Value}").Order().ShouldBe(lines.Order());

        var toKcat = fixture.NewTopic("kcat-out", partitions: 2);
        Produce(toKcat, Enumerable.Range(0, 50).Select(i => "dotnet-" + i.ToString(CultureInfo.InvariantCulture)));
        var consume = await ExternalTool.RunAsync(kcat, ["-b", fixture.BootstrapServers, "-G", "kcat-" + Guid.NewGuid().ToString("N"), "-o", "beginning", "-e", "-q", "-f", "%s\n", toKcat]);
        consume.ExitCode.ShouldBe(0, consume.Error);
        consume.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ShouldBe(Enumerable.Range(0, 50).Select(i => "dotnet-" + i.ToString(CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task KafkaPython_ProducesAndConsumesThroughAGroup_DotNetSeesTheSameMessages()
    {
        await ExternalTool.RequirePythonModuleAsync("kafka", "python3-kafka");
        var fromPython = fixture.NewTopic("python-in", partitions: 2);
        var produce = await ExternalTool.RunAsync(DebianPython, ["-c", $$"""
            from kafka import KafkaProducer
            p = KafkaProducer(bootstrap_servers='{{fixture.BootstrapServers}}', acks='all')
            for i in range(100):
                p.send('{{fromPython}}', key=b'k%d' % (i % 5), value=b'python-%d' % i)
            p.flush(30)
            p.close()
            """]);
        produce.ExitCode.ShouldBe(0, produce.Error);
        Consume(fromPython, 100).Select(m => m.Value).Order().ShouldBe(Enumerable.Range(0, 100).Select(i => "python-" + i.ToString(CultureInfo.InvariantCulture)).Order());

        var toPython = fixture.NewTopic("python-out", partitions: 2);
        Produce(toPython, Enumerable.Range(0, 50).Select(i => "dotnet-" + i.ToString(CultureInfo.InvariantCulture)));
        var consume = await ExternalTool.RunAsync(DebianPython, ["-c", $$"""
            import time
            from kafka import KafkaConsumer
            c = KafkaConsumer('{{toPython}}', bootstrap_servers='{{fixture.BootstrapServers}}', group_id='py-{{Guid.NewGuid():N}}',
                              auto_offset_reset='earliest', enable_auto_commit=False)
            seen = []
            deadline = time.time() + 45
            while len(seen) < 50 and time.time() < deadline:
                for records in c.poll(timeout_ms=500).values():
                    seen.extend(r.value.decode() for r in records)
            c.commit()
            c.close()
            print('\n'.join(seen))
            """]);
        consume.ExitCode.ShouldBe(0, consume.Error);
        consume.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ShouldBe(Enumerable.Range(0, 50).Select(i => "dotnet-" + i.ToString(CultureInfo.InvariantCulture)).Order());
    }

    private void Produce(string topic, IEnumerable<string> values)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers, EnableIdempotence = true }).Build();
        foreach (var value in values)
        {
            producer.Produce(topic, new Message<Null, string> { Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(30)).ShouldBe(0);
    }

    private List<Message<string, string>> Consume(string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = "interop-" + Guid.NewGuid(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var messages = new List<Message<string, string>>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (messages.Count < expected && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                messages.Add(message);
            }
        }

        consumer.Close();
        return messages;
    }
}
