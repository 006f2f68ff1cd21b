using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Testing;
using CyberAgg.Events;

namespace CyberAgg.Embedded.Tests.Kafka;

[Collection(InfrastructureCollection.Name)]
public sealed class EmbeddedKafkaTests(KafkaFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public void Metadata_FromFixedBootstrap_ListsThreeBrokersAndContractTopics()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));

        metadata.Brokers.Select(b => b.BrokerId).Order().ShouldBe([1, 2, 3]);
        foreach (var topic in KafkaTopicNames.Core)
        {
            metadata.Topics.ShouldContain(t => t.Topic == topic && t.Partitions.Count == 3, $"topic {topic}");
        }
    }

    [Fact]
    public async Task Start_Defaults_EventsTopicHoldsAMillionEventBacklog()
    {
        await using var kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0 });
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();

        var events = admin.GetMetadata(KafkaTopicNames.Events, TimeSpan.FromSeconds(10)).Topics.Single();

        // A million events in agent batches is about 150-200 MiB on the wire; each mock partition keeps 5 MiB.
        (events.Partitions.Count * EmbeddedKafkaOptions.RetainedBytesPerPartition).ShouldBeGreaterThanOrEqualTo(240L * 1024 * 1024);
    }

    [Fact]
    public void ProduceConsume_IdempotentProducer_EveryMessageArrivesOnceInOrderPerKey()
    {
        var topic = fixture.NewTopic("roundtrip");
        const int count = 5000;
        using (var producer = NewProducer())
        {
            for (var i = 0; i < count; i++)
            {
                producer.Produce(topic, new Message<string, string> { Key = $"sensor-{i % 7}", Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            producer.Flush(Deadline).ShouldBe(0);
        }

        var received = ConsumeAll(topic, "roundtrip-" + Guid.NewGuid(), count);

        received.Count.ShouldBe(count);
        received.Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Count().ShouldBe(count);
        foreach (var perKey in received.GroupBy(m => m.Key))
        {
            var values = perKey.Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            values.ShouldBe(values.Order().ToList(), $"order of key {perKey.Key}");
        }
    }

    [Fact]
    public async Task ConsumerGroup_SecondConsumerJoins_PartitionsSplitBetweenThem()
    {
        var topic = fixture.NewTopic("rebalance", partitions: 4);
        var group = "rebalance-" + Guid.NewGuid();
        using var first = NewConsumer(group);
        first.Subscribe(topic);
        await WaitUntilAsync(() => { first.Consume(TimeSpan.FromMilliseconds(100)); return first.Assignment.Count == 4; }, "first consumer gets all 4 partitions");

        using var second = NewConsumer(group);
        second.Subscribe(topic);
        await WaitUntilAsync(
            () =>
            {
                first.Consume(TimeSpan.FromMilliseconds(50));
                second.Consume(TimeSpan.FromMilliseconds(50));
                return first.Assignment.Count > 0 && second.Assignment.Count > 0 && first.Assignment.Count + second.Assignment.Count == 4;
            },
            "both consumers own partitions after the rebalance");

        first.Assignment.Select(p => p.Partition.Value).Intersect(second.Assignment.Select(p => p.Partition.Value)).ShouldBeEmpty();
        first.Close();
        second.Close();
    }

    [Fact]
    public async Task BrokerDown_ForSecondsMidStream_NoAcknowledgedMessageLost()
    {
        var topic = fixture.NewTopic("outage", partitions: 3);
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var producer = NewProducer();
        void Send(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var value = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                producer.Produce(topic, new Message<string, string> { Key = value, Value = value }, report =>
                {
                    if (report.Error.Code == ErrorCode.NoError)
                    {
                        acknowledged.Add(report.Message.Value);
                    }
                });
            }
        }

        Send(0, 2000);
        producer.Flush(Deadline);
        fixture.Kafka.SetBrokerDown(2);
        try
        {
            Send(2000, 4000);
            // Messages for partitions led by broker 2 wait in the producer; the others are acknowledged meanwhile.
            await WaitUntilAsync(() => acknowledged.Count > 2000, "the live brokers keep acknowledging");
            // The outage itself: the broker stays down for several seconds while the producer keeps sending.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            fixture.Kafka.SetBrokerUp(2);
        }

        Send(4000, 6000);
        producer.Flush(Deadline).ShouldBe(0);

        var received = ConsumeAll(topic, "outage-" + Guid.NewGuid(), acknowledged.Count).Select(m => m.Value).ToHashSet();
        acknowledged.Count.ShouldBe(6000, "the idempotent producer retries until every message is acknowledged");
        acknowledged.Where(v => !received.Contains(v)).ShouldBeEmpty("acknowledged but never consumed");
    }

    [Fact]
    public async Task PushRequestErrors_ProduceFailsTransiently_ProducerRetriesAndDelivers()
    {
        var topic = fixture.NewTopic("errors", partitions: 1);
        using var producer = NewProducer();
        producer.Produce(topic, new Message<string, string> { Key = "warmup", Value = "warmup" });
        producer.Flush(Deadline).ShouldBe(0);

        fixture.Kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.RequestTimedOut);
        var report = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "after-errors" });

        report.Status.ShouldBe(PersistenceStatus.Persisted);
        ConsumeAll(topic, "errors-" + Guid.NewGuid(), 2).Select(m => m.Value).ShouldBe(["warmup", "after-errors"]);
    }

    [Fact]
    public async Task SetBrokerRtt_SlowBroker_RequestsTakeAtLeastTheRtt()
    {
        var topic = fixture.NewTopic("rtt", partitions: 1);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        var leader = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions[0].Leader;
        using var producer = NewProducer();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "a", Value = "warm" });

        fixture.Kafka.SetBrokerRtt(leader, TimeSpan.FromMilliseconds(500));
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "a", Value = "slow" });
            clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(450));
        }
        finally
        {
            fixture.Kafka.SetBrokerRtt(leader, TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task Start_BootstrapPortTaken_ThrowsPortInUseNamingThePort()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = Should.Throw<PortInUseException>(() => EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = port }));

        error.Port.ShouldBe(port);
        error.Component.ShouldBe("kafka");
        await Task.CompletedTask;
    }

    [Fact]
    public void CreateTopic_ZeroPartitions_IsRejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => fixture.Kafka.CreateTopic("bad", 0));
        Should.Throw<ArgumentOutOfRangeException>(() => fixture.Kafka.SetBrokerDown(99)).Message.ShouldContain("Broker ids are 1 to 3");
    }

    private IProducer<string, string> NewProducer() =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            MessageTimeoutMs = 120_000,
        }).Build();

    private IConsumer<string, string> NewConsumer(string group) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
        }).Build();

    private List<Message<string, string>> ConsumeAll(string topic, string group, int expected)
    {
        using var consumer = NewConsumer(group);
        consumer.Subscribe(topic);
        var messages = new List<Message<string, string>>(expected);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (messages.Count < expected && clock.Elapsed < Deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                messages.Add(result.Message);
            }
        }

        consumer.Close();
        return messages;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
