using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events.Ingest;

namespace CyberAgg.Configuration.Tests.Kafka;

public sealed class DeadLetterMessagesTests
{
    [Fact]
    public void For_ConsumedRecord_KeepsOriginalBytesAndNamesReasonSourceAndDetail()
    {
        var record = new ConsumeResult<byte[]?, byte[]>
        {
            TopicPartitionOffset = new TopicPartitionOffset("cyberagg.alerts.v1", 4, 1234),
            Message = new Message<byte[]?, byte[]> { Value = "{not json"u8.ToArray() },
        };

        var message = DeadLetterMessages.For("sharing", record, "malformed_alert", "unexpected end");

        message.Key.ShouldBe("sharing");
        message.Value.ShouldBe(record.Message.Value);
        Header(message, KafkaHeaderNames.DeadLetterReason).ShouldBe("malformed_alert");
        Header(message, KafkaHeaderNames.DeadLetterSource).ShouldBe("cyberagg.alerts.v1/4@1234");
        Header(message, KafkaHeaderNames.DeadLetterDetail).ShouldBe("unexpected end");
    }

    [Fact]
    public void For_NoDetail_CarriesNoDetailHeader()
    {
        var message = DeadLetterMessages.For("ee-cert", [1, 2], "truncated", "cyberagg.events.v1", 0, 7);

        message.Headers.TryGetLastBytes(KafkaHeaderNames.DeadLetterDetail, out _).ShouldBeFalse();
        DeadLetterMessages.Topic.ShouldBe("cyberagg.deadletter.v1");
    }

    private static string Header(Message<string, byte[]> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : throw new ShouldAssertException($"no header {name}");
}
