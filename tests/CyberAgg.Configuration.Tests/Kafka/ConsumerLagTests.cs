using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Testing;

namespace CyberAgg.Configuration.Tests.Kafka;

public sealed class ConsumerLagTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    [Fact]
    public async Task RecordsBehind_GroupCommitsPartOfTopic_CountsWhatIsNotCommittedYet()
    {
        var topic = kafka.NewTopic("lag", partitions: 3);
        using (var producer = KafkaClients.Producer<string>(KafkaClients.Reliable(kafka.BootstrapServers), "test"))
        {
            for (var i = 0; i < 30; i++)
            {
                await producer.ProduceAsync(new TopicPartition(topic, i % 3), new Message<string, byte[]> { Key = "k", Value = [(byte)i] });
            }
        }

        using var admin = KafkaClients.Admin(kafka.BootstrapServers, "test");
        var lag = new ConsumerLag(admin, "lag-group", topic);
        (await lag.RecordsBehindAsync(CancellationToken.None)).ShouldBe(30, "a group that never committed is behind by everything retained");

        using (var consumer = KafkaClients.Consumer<string>(KafkaClients.ManualCommit(kafka.BootstrapServers, "lag-group"), "test").Build())
        {
            OffsetCommits.Commit(consumer, [new TopicPartitionOffset(topic, 0, 10), new TopicPartitionOffset(topic, 1, 4)], Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, "test");
        }

        (await lag.RecordsBehindAsync(CancellationToken.None)).ShouldBe(30 - 10 - 4);
    }

    [Fact]
    public async Task RecordsBehind_TopicDoesNotExist_UnknownRatherThanAGuess()
    {
        var config = new AdminClientConfig(KafkaClients.Connection(kafka.BootstrapServers)) { AllowAutoCreateTopics = false };
        using var admin = KafkaClients.Admin(config, "test");

        (await new ConsumerLag(admin, "g", "test.absent." + Guid.NewGuid().ToString("N")).RecordsBehindAsync(CancellationToken.None)).ShouldBeNull();
    }
}
