using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events.Ingest;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Simulation.Tests.Playback;

[Collection(SimulationCollection.Name)]
public sealed class ScenarioPlayerBackpressureTests(KafkaFixture kafka)
{
    private static readonly Scenario Scenario = ScenarioLoader.Parse("""
        name: backlog
        duration: 2m
        speed: 6000
        partners:
          - { id: ee-cert, country: EE, noise_per_minute: 3000 }
          - { id: lv-cert, country: LV, noise_per_minute: 3000 }
        steps:
          - { name: crosses, at: 1m, technique: T1110, indicator: { source_ip: 203.0.113.5 }, seen_by: [ee-cert, lv-cert], spread: 30s }
        """);

    [Fact]
    public async Task PlayAsync_CorrelatorGroupFallsBehind_HoldsBackUntilItCatchesUpThenPlaysEverything()
    {
        var topic = kafka.NewTopic("backpressure");
        var group = "correlator-" + Guid.NewGuid().ToString("N");
        var player = new ScenarioPlayer(Scenario, new PlaybackOptions
        {
            BootstrapServers = kafka.BootstrapServers,
            Topic = topic,
            BatchSize = 100,
            Keys = Scenario.Partners.ToDictionary(p => p.Id, p => new IngestKey(p.Id, "k", new byte[32], p.Country)),
            // About two messages of 100 events: the player may run that far ahead of the group (plus what is in flight).
            Backpressure = new PlaybackBackpressure(group, 2 * 100 * 200),
        });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var playing = player.PlayAsync(null, stop.Token);

        // Nobody consumes: playback stops short of the scenario and says it is holding back.
        await Eventually.WaitAsync(() => player.HeldBack > 0, "playback holds back for the idle group");
        var sentWhileHeld = player.EventsSent;
        sentWhileHeld.ShouldBeLessThan(12_000 / 2, "the producer stopped near the limit instead of playing the whole scenario");
        playing.IsCompleted.ShouldBeFalse();

        // A consumer of the group commits what it reads: playback goes on to the end, nothing skipped.
        using var consumer = KafkaClients.Consumer<string?>(KafkaClients.ManualCommit(kafka.BootstrapServers, group), "test").Build();
        consumer.Subscribe(topic);
        long consumed = 0;
        while (!playing.IsCompleted || consumed < TopicEnd(consumer, topic))
        {
            stop.Token.ThrowIfCancellationRequested();
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } record)
            {
                consumed++;
                OffsetCommits.Commit(consumer, OffsetCommits.After([record]), NullLogger.Instance, "test");
            }
        }

        await playing;
        player.EventsSent.ShouldBe((2 * 3000 * 2) + 2, "2 min of 3,000/min noise from 2 partners plus 2 sightings: held back, never dropped");
        player.Truth[0].DetectableAt.ShouldNotBeNull();
    }

    private static long TopicEnd(IConsumer<string?, byte[]> consumer, string topic) =>
        Enumerable.Range(0, 3).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(5)).High.Value);
}
