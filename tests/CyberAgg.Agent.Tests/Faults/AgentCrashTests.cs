using System.Globalization;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Testing;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Faults;

/// <summary><c>kill -9</c> of the agent process mid-stream, then a restart: every line arrives, duplicates are counted.</summary>
[Collection(AgentKafkaCollection.Name)]
public sealed class AgentCrashTests(KafkaFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_KilledWithSigkillMidStreamThenRestarted_DeliversEveryLine()
    {
        var topic = fixture.NewTopic("agent-crash");
        var log = _dir.File("sensor.log");
        await File.WriteAllTextAsync(log, "");
        var config = WriteConfig(topic, log);
        var store = new CheckpointStore(_dir.File("state"));
        var written = new List<string>();
        using var writing = new CancellationTokenSource();
        var writer = WriteContinuouslyAsync(log, written, writing.Token);

        using (var first = AgentProcess.Start(output, "agent 1", "run", "--config", config))
        {
            // Kill once the agent has confirmed part of the stream, while lines keep coming.
            await WaitFor.ConditionAsync(() => !first.HasExited && ConfirmedOffset(store) > 0 && written.Count > 3000 || first.HasExited, TimeSpan.FromSeconds(60), "the first agent confirms part of the file");
            first.HasExited.ShouldBeFalse("the agent crashed by itself; see its output above");
            first.KillHard();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        var confirmedAtKill = ConfirmedOffset(store);
        output.WriteLine($"killed with {confirmedAtKill} bytes confirmed of {new FileInfo(log).Length} written");

        using var second = AgentProcess.Start(output, "agent 2", "run", "--config", config);
        await WaitFor.ConditionAsync(() => written.Count > 12_000 || second.HasExited, TimeSpan.FromSeconds(60), "more lines arrive after the restart");
        second.HasExited.ShouldBeFalse("the restarted agent stopped by itself; see its output above");
        await writing.CancelAsync();
        await writer;

        var expected = written.ToArray();
        using var events = new TopicEvents(fixture.BootstrapServers, topic);
        var complete = events.ConsumeUntil(e => expected.All(e.ByMessage.ContainsKey), TimeSpan.FromSeconds(90));
        output.WriteLine(TopicEvents.Describe(events, expected));
        output.WriteLine($"duplicates after kill -9 and restart: {events.Duplicates}");
        complete.ShouldBeTrue(TopicEvents.Describe(events, expected));
        events.Refused.ShouldBeEmpty();
        events.ByMessage.Count.ShouldBe(expected.Length, "nothing but the written lines");

        await second.TerminateAsync();
        (await second.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, "SIGTERM is a clean shutdown");
        ConfirmedOffset(store).ShouldBe(new FileInfo(log).Length, "after a clean stop everything read is confirmed");
    }

    public void Dispose() => _dir.Dispose();

    private static long ConfirmedOffset(CheckpointStore store)
    {
        try
        {
            return store.Load().Values.Sum(m => m.Offset);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task WriteContinuouslyAsync(string log, List<string> written, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var lines = Enumerable.Range(written.Count, 100).Select(i => "crash line " + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            await File.AppendAllLinesAsync(log, lines, CancellationToken.None);
            lock (written)
            {
                written.AddRange(lines);
            }

            try
            {
                // The sensor's pace: a steady trickle rather than one burst, so the kill lands mid-stream.
                await Task.Delay(10, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private string WriteConfig(string topic, string log)
    {
        var path = _dir.File("agent.yaml");
        File.WriteAllText(path, $"""
            agent:
              partner: {TestAgent.Partner}
              country: {TestAgent.Country}
              name: {TestAgent.Sensor}
              data_dir: {_dir.File("state")}
            ingest_key:
              key_id: {TestAgent.KeyId}
              secret: {System.Text.Encoding.UTF8.GetString(TestAgent.Secret)}
            kafka:
              bootstrap: {fixture.BootstrapServers}
            inputs:
              - type: file
                paths: [{log}]
                poll_ms: 20
            batch:
              max_events: 500
              linger_ms: 20
            delivery:
              topic: {topic}
            """);
        return path;
    }
}
