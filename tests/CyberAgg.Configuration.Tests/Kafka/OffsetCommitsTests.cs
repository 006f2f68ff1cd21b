using Confluent.Kafka;
using CsCheck;
using CyberAgg.Configuration.Kafka;

namespace CyberAgg.Configuration.Tests.Kafka;

public sealed class OffsetCommitsTests
{
    [Fact]
    public void After_AnyRecordsInAnyOrder_NextOffsetPerPartitionIsHighestPlusOne()
    {
        Gen.Select(Gen.Int[0, 5], Gen.Long[0, 1_000]).List[1, 60].Sample(records =>
        {
            var results = records.Select(r => new ConsumeResult<string, byte[]>
            {
                TopicPartitionOffset = new TopicPartitionOffset("t", r.Item1, r.Item2),
                Message = new Message<string, byte[]> { Value = [] },
            });

            var next = OffsetCommits.After(results);

            next.Select(o => o.Partition.Value).ShouldBe(records.Select(r => r.Item1).Distinct(), ignoreOrder: true);
            foreach (var o in next)
            {
                o.Offset.Value.ShouldBe(records.Where(r => r.Item1 == o.Partition.Value).Max(r => r.Item2) + 1);
            }
        });
    }
}
