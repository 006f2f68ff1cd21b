using System.Diagnostics;
using System.Globalization;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Faults;

/// <summary>All brokers down for 30 s mid-stream: the spool takes the batches, drains when Kafka returns, nothing is lost.</summary>
[Collection(AgentKafkaCollection.Name)]
public sealed class KafkaOutageTests(KafkaFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_AllBrokersDownFor30Seconds_SpoolsThenDeliversEveryLine()
    {
        var topic = fixture.NewTopic("agent-outage");
        var log = _dir.File("sensor.log");
        await File.WriteAllTextAsync(log, "");
        // A short delivery timeout so batches in flight when the brokers vanish fail over to the spool within the outage.
        var options = TestAgent.Options(_dir.File("state"), fixture.BootstrapServers, topic, [TestAgent.FileInput(log)], deliveryTimeout: TimeSpan.FromSeconds(4));
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Information));
        using var telemetry = new AgentTelemetry();
        var written = new List<string>();
        var agent = new AgentRunner(options, loggers, TimeProvider.System, telemetry);
        await using (agent)
        {
            agent.Start();

            await AppendAsync(log, written, 2000);
            await WaitFor.ConditionAsync(() => agent.Sink.Stats.EventsSent >= 2000, TimeSpan.FromSeconds(30), "the first 2000 lines are acknowledged");

            var outage = Stopwatch.StartNew();
            foreach (var broker in fixture.Kafka.BrokerIds)
            {
                fixture.Kafka.SetBrokerDown(broker);
            }

            try
            {
                // Lines keep arriving through the whole outage, as a sensor's would.
                while (outage.Elapsed < Outage)
                {
                    await AppendAsync(log, written, 150);
                    await Task.Delay(TimeSpan.FromMilliseconds(500));
                }

                agent.Spool.Count.ShouldBeGreaterThan(0, "the spool took batches while Kafka was down");
                output.WriteLine($"after {outage.Elapsed.TotalSeconds:0} s down: {agent.Spool.Count} batches ({agent.Spool.Bytes} bytes) spooled, circuit {agent.Sink.Circuit}");
            }
            finally
            {
                foreach (var broker in fixture.Kafka.BrokerIds)
                {
                    fixture.Kafka.SetBrokerUp(broker);
                }
            }

            await AppendAsync(log, written, 2000);
            await WaitFor.ConditionAsync(() => agent.Sink.Stats.EventsSent >= written.Count && agent.Spool.Count == 0, TimeSpan.FromSeconds(60), "every line is acknowledged and the spool is empty");
            agent.Sink.Stats.BatchesDrained.ShouldBeGreaterThan(0);
        }

        using var events = new TopicEvents(fixture.BootstrapServers, topic);
        var complete = events.ConsumeUntil(e => written.All(e.ByMessage.ContainsKey), TimeSpan.FromSeconds(60));
        output.WriteLine(TopicEvents.Describe(events, written));
        events.Refused.ShouldBeEmpty();
        complete.ShouldBeTrue(TopicEvents.Describe(events, written));
        // Duplicates are allowed (a batch whose ack was lost is resent) but reported; their ids are equal, so the correlator deduplicates.
        output.WriteLine($"duplicates: {events.Duplicates}");
        new CyberAgg.Agent.Checkpoints.CheckpointStore(options.Identity.DataDir).Load().Values.Single().Offset.ShouldBe(new FileInfo(log).Length);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task AppendAsync(string log, List<string> written, int count)
    {
        var lines = Enumerable.Range(written.Count, count).Select(i => "outage line " + i.ToString(CultureInfo.InvariantCulture)).ToList();
        await File.AppendAllLinesAsync(log, lines);
        written.AddRange(lines);
    }
}
