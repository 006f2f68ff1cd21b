using Confluent.Kafka;
using CsCheck;
using CyberAgg.Configuration.Kafka;

namespace CyberAgg.Configuration.Tests.Kafka;

public sealed class PooledBytesTests
{
    private static readonly SerializationContext Context = new(MessageComponentType.Value, "events");

    [Fact]
    public void Deserialize_AnyValue_HoldsExactlyItsBytesUntilReturned()
    {
        Gen.Byte.Array[0, 200_000].Sample(
            bytes =>
            {
                var value = PooledBytes.Deserializer.Instance.Deserialize(bytes, isNull: false, Context);
                value.Length.ShouldBe(bytes.Length);
                value.Memory.ToArray().ShouldBe(bytes);
                value.Return();
            },
            iter: 200);
    }

    [Fact]
    public void Deserialize_NullValue_IsEmptyAndReturnsNothing()
    {
        var value = PooledBytes.Deserializer.Instance.Deserialize(ReadOnlySpan<byte>.Empty, isNull: true, Context);

        (value.Length, value.Memory.Length).ShouldBe((0, 0));
        Should.NotThrow(value.Return);
        default(PooledBytes).Memory.IsEmpty.ShouldBeTrue();
    }
}
