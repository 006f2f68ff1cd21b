using System.Text;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Delivery;

/// <summary>
/// Issue 15 item 7: nothing the agent produces is over the broker's message limit. Batches are split before they are
/// produced, an event too large on its own is dead-lettered with its size, and neither stalls the stream.
/// </summary>
[Collection(AgentKafkaCollection.Name)]
public sealed class OversizedMessageTests(KafkaFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const int Limit = MessageLimit.MinimumBytes;
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_BatchPastTheBrokerLimitAndAnEventTooLargeAlone_SplitsDeadLettersAndDeliversTheRestOnce()
    {
        var topic = fixture.NewTopic("agent-oversized");
        var log = _dir.File("sensor.log");
        // 45 KB lines: three take a 100 KB batch past the 128 KiB limit, so every cut needs a split.
        var lines = Enumerable.Range(0, 24).Select(i => Line(i, 45_000)).ToList();
        var huge = Line(999, 200_000);
        lines.Insert(10, huge);
        await File.WriteAllTextAsync(log, string.Concat(lines.Select(l => l + "\n")));
        var hugeOffset = Encoding.UTF8.GetByteCount(string.Concat(lines.Take(10).Select(l => l + "\n")));
        var expected = lines.Where(l => l != huge).Select(MessageOf).ToList();

        var options = TestAgent.Options(_dir.File("state"), fixture.BootstrapServers, topic, [TestAgent.FileInput(log)], maxMessageBytes: Limit, batchMaxBytes: 100_000);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));
        using var telemetry = new AgentTelemetry();
        await using (var agent = new AgentRunner(options, loggers, TimeProvider.System, telemetry))
        {
            agent.Start();
            await WaitFor.ConditionAsync(
                () => agent.Sink.Stats.EventsSent >= expected.Count && agent.Sink.Stats.DeadLettersSent >= 1,
                TimeSpan.FromSeconds(60),
                "every line is acknowledged as an event or a dead letter");
        }

        new CheckpointStore(options.Identity.DataDir).Load().Values.Single().Offset.ShouldBe(new FileInfo(log).Length, "the file is confirmed to its end: nothing stalled");
        using var events = new TopicEvents(fixture.BootstrapServers, topic);
        var complete = events.ConsumeUntil(e => expected.All(e.ByMessage.ContainsKey), TimeSpan.FromSeconds(60));
        output.WriteLine($"{TopicEvents.Describe(events, expected)}; largest message {events.LargestMessage} bytes");
        complete.ShouldBeTrue(TopicEvents.Describe(events, expected));
        events.Refused.ShouldBeEmpty("every piece is signed with the agent's key");
        events.Duplicates.ShouldBe(0);
        events.ByMessage.Keys.ShouldBe(expected, ignoreOrder: true);
        events.LargestMessage.ShouldBeLessThanOrEqualTo(Limit - MessageLimit.RecordOverhead);
        events.Messages.ShouldBeGreaterThan(expected.Count / 2, "batches were split: two 45 KB events at most per message");

        var deadLetter = ConsumeOne(topic + ".dlq");
        Header(deadLetter, "cyberagg-deadletter-reason").ShouldBe("too_large");
        Header(deadLetter, "cyberagg-deadletter-detail").ShouldMatch(@"^event encodes to \d{6} bytes, over delivery\.max_message_bytes 131072$");
        Header(deadLetter, "cyberagg-deadletter-source").ShouldEndWith("@" + hugeOffset, Case.Sensitive, "the dead letter names the line it came from");
        Encoding.UTF8.GetString(deadLetter.Message.Value).ShouldStartWith(huge[..100], Case.Sensitive, "the original line is kept (truncated to 64 KiB)");
    }

    [Fact]
    public async Task Run_BrokerRefusesAMessageAsTooLarge_LowersTheLimitResendsAndLosesNothing()
    {
        var topic = fixture.NewTopic("agent-refused-large");
        var log = _dir.File("sensor.log");
        var lines = Enumerable.Range(0, 200).Select(i => Line(i, 2_000)).ToList();
        var expected = lines.Select(MessageOf).ToList();
        var options = TestAgent.Options(_dir.File("state"), fixture.BootstrapServers, topic, [TestAgent.FileInput(log)]);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));
        using var telemetry = new AgentTelemetry();
        await using (var agent = new AgentRunner(options, loggers, TimeProvider.System, telemetry))
        {
            agent.Start();
            // The broker answers the next produce request with MESSAGE_TOO_LARGE, as a Kafka with a lower message.max.bytes would.
            fixture.Kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.MsgSizeTooLarge);
            await File.WriteAllTextAsync(log, string.Concat(lines.Select(l => l + "\n")));
            await WaitFor.ConditionAsync(() => agent.Sink.Stats.EventsSent >= expected.Count, TimeSpan.FromSeconds(60), "every line is acknowledged");
            agent.Limit.MaxBytes.ShouldBeLessThan(options.Delivery.MaxMessageBytes, "the refusal lowered the limit");
            agent.Spool.Count.ShouldBe(0, "a refusal as too large is not an outage: nothing waits in the spool");
        }

        using var events = new TopicEvents(fixture.BootstrapServers, topic);
        events.ConsumeUntil(e => expected.All(e.ByMessage.ContainsKey), TimeSpan.FromSeconds(60)).ShouldBeTrue(TopicEvents.Describe(events, expected));
        events.Refused.ShouldBeEmpty();
    }

    public void Dispose() => _dir.Dispose();

    private static string Line(int index, int length)
    {
        var prefix = $"{{\"message\":\"line {index} ";
        return prefix + new string((char)('a' + (index % 26)), length - prefix.Length - 2) + "\"}";
    }

    private static string MessageOf(string line) => line["{\"message\":\"".Length..^2];

    private ConsumeResult<byte[]?, byte[]> ConsumeOne(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = "dlq-" + Guid.NewGuid(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var result = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();
        return result.ShouldNotBeNull("a dead letter arrives");
    }

    private static string Header(ConsumeResult<byte[]?, byte[]> result, string name) => Encoding.UTF8.GetString(result.Message.Headers.GetLastBytes(name));
}
