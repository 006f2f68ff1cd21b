using System.Net.Sockets;
using System.Text;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Testing;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests;

/// <summary>The whole agent in process: a file, syslog over UDP and TCP, into the embedded Kafka.</summary>
[Collection(AgentKafkaCollection.Name)]
public sealed class AgentRunnerTests(KafkaFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_FileAndSyslogInputs_EventsReachTheTopicAndBadInputTheDeadLetterTopic()
    {
        var topic = fixture.NewTopic("agent-e2e");
        fixture.Kafka.CreateTopic(topic + ".dlq", 1);
        var log = _dir.File("eve.json");
        await File.WriteAllLinesAsync(log, ["""{"event":{"action":"alert"},"message":"from file"}""", """{"truncated": """]);
        var options = TestAgent.Options(_dir.File("state"), fixture.BootstrapServers, topic,
            [TestAgent.FileInput(log), TestAgent.Syslog(InputType.SyslogUdp), TestAgent.Syslog(InputType.SyslogTcp)]);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)));
        using var telemetry = new AgentTelemetry();
        await using (var agent = new AgentRunner(options, loggers, TimeProvider.System, telemetry))
        {
            agent.Start();
            var udp = agent.Sources.OfType<SyslogUdpSource>().Single().LocalEndPoint;
            var tcp = agent.Sources.OfType<SyslogTcpSource>().Single().LocalEndPoint;
            using (var client = new UdpClient())
            {
                await client.SendAsync(Encoding.UTF8.GetBytes("<13>Mar  1 12:00:00 fw1 app: from udp"), udp);
            }

            using (var client = new TcpClient())
            {
                await client.ConnectAsync(tcp);
                var message = "<13>1 2026-03-01T12:00:00Z fw1 app - - - from tcp";
                await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes($"{message.Length} {message}"));
            }

            await WaitFor.ConditionAsync(() => agent.Sink.Stats.EventsSent >= 3 && agent.Sink.Stats.DeadLettersSent >= 1, TimeSpan.FromSeconds(30), "three events and one dead letter are acknowledged");
        }

        using var events = new TopicEvents(fixture.BootstrapServers, topic);
        events.ConsumeUntil(e => e.ByMessage.Count >= 3, TimeSpan.FromSeconds(30)).ShouldBeTrue();
        events.ByMessage.Keys.Order(StringComparer.Ordinal).ShouldBe(["from file", "from tcp", "from udp"]);

        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = "dlq-" + Guid.NewGuid(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic + ".dlq");
        var deadLetter = consumer.Consume(TimeSpan.FromSeconds(30));
        deadLetter.ShouldNotBeNull();
        Encoding.UTF8.GetString(deadLetter.Message.Value).ShouldBe("""{"truncated": """);
        Encoding.UTF8.GetString(deadLetter.Message.Headers.GetLastBytes("cyberagg-deadletter-reason")).ShouldBe("invalid_json");
        consumer.Close();
    }

    public void Dispose() => _dir.Dispose();
}
