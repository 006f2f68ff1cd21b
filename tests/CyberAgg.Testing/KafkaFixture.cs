using CyberAgg.Embedded.Kafka;

namespace CyberAgg.Testing;

/// <summary>One embedded Kafka per test assembly, on a free port so test runs never collide with a running <c>cyberagg infra</c>.</summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    private EmbeddedKafka? kafka;

    public EmbeddedKafka Kafka => kafka ?? throw new InvalidOperationException("The fixture has not started.");

    public string BootstrapServers => Kafka.BootstrapServers;

    public Task InitializeAsync()
    {
        kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 3, EventsPartitions = 3 });
        return Task.CompletedTask;
    }

    /// <summary>A topic no other test uses, so tests can run in parallel on one cluster.</summary>
    public string NewTopic(string purpose, int partitions = 3)
    {
        var topic = $"test.{purpose}.{Guid.NewGuid():N}";
        Kafka.CreateTopic(topic, partitions);
        return topic;
    }

    public async Task DisposeAsync()
    {
        if (kafka is not null)
        {
            await kafka.DisposeAsync();
        }
    }
}
