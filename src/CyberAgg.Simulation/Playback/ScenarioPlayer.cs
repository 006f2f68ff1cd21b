using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using CyberAgg.Simulation.Scenarios;

namespace CyberAgg.Simulation.Playback;

/// <summary>
/// Plays a scenario into Kafka as the partners' agents would: events encoded in signed batches
/// (<see cref="BatchWriter"/>, the agent's wire format), at real time or a speed factor, recording the ground truth.
/// </summary>
public sealed class ScenarioPlayer(Scenario scenario, PlaybackOptions options, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    /// <summary>The ground truth per step, filled as playback runs.</summary>
    public IReadOnlyList<StepTruth> Truth { get; } = scenario.Steps.Select((_, i) => new StepTruth(i)).ToArray();

    /// <summary>Events handed to Kafka and acknowledged.</summary>
    public long EventsSent => Interlocked.Read(ref sent);

    /// <summary>Stopwatch timestamp at which scenario time zero was played.</summary>
    public long StartedTimestamp { get; private set; }

    /// <summary>Event time of scenario time zero.</summary>
    public DateTimeOffset EventTimeStart { get; private set; }

    public double Speed => options.Speed ?? scenario.Speed;

    /// <summary>Times playback waited for the correlator (see <see cref="PlaybackOptions.Backpressure"/>).</summary>
    public long HeldBack => gate?.Waits ?? 0;

    private static readonly TimeSpan MaxHeldSlice = TimeSpan.FromSeconds(5);

    private LagGate? gate;

    private long sent;
    private long sentMessages;
    private long sentBytes;

    private double MeanRecordBytes => Interlocked.Read(ref sentMessages) is > 0 and var n ? (double)Interlocked.Read(ref sentBytes) / n : 64 * 1024;

    /// <summary>Plays the whole scenario, or until cancelled; returns when every sent batch is acknowledged.</summary>
    public async Task PlayAsync(IProgress<PlaybackProgress>? progress, CancellationToken cancellationToken)
    {
        foreach (var partner in scenario.Partners.Where(p => !options.Keys.ContainsKey(p.Id)))
        {
            throw new InvalidOperationException($"No ingest key for partner '{partner.Id}'; every scenario partner needs one in PlaybackOptions.Keys.");
        }

        // Played faster than real time, the scenario is placed so that it ends at the wall clock when playback ends:
        // its events are never stamped in the future, which the correlator's clock guard would refuse to correlate.
        var ahead = Speed > 1 ? scenario.Duration - (scenario.Duration / Speed) : TimeSpan.Zero;
        EventTimeStart = options.Start ?? time.GetUtcNow() - ahead;
        var factory = new EventFactory(scenario, EventTimeStart, Guid.NewGuid().ToString("N")[..8]);
        var sightings = PlanSightings();
        using var producer = KafkaClients.Producer<string>(KafkaClients.Reliable(options.BootstrapServers, lingerMs: 5), "scenario player");
        using var gate = options.Backpressure is { } hold ? new LagGate(hold, options.BootstrapServers, options.Topic, time) : null;
        this.gate = gate;
        var pending = new List<Task>();
        StartedTimestamp = time.GetTimestamp();
        var cursor = TimeSpan.Zero;
        var next = 0;
        var lastReport = StartedTimestamp;
        while (cursor < scenario.Duration && !cancellationToken.IsCancellationRequested)
        {
            var target = TimeSpan.FromTicks((long)Math.Min(scenario.Duration.Ticks, time.GetElapsedTime(StartedTimestamp).Ticks * Speed));
            if (gate is not null && target - cursor > MaxHeldSlice)
            {
                // Held back by the correlator, slices stay small, so the look at its lag comes before the overshoot.
                target = cursor + MaxHeldSlice;
            }

            if (target <= cursor)
            {
                // Pacing, not synchronisation: the next slice of scenario time is not due yet.
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            var heldAt = cursor;
            if (gate is not null && await gate.WaitAsync(MeanRecordBytes, () => progress?.Report(Snapshot(heldAt)), cancellationToken) is { Ticks: > 0 } paused)
            {
                // Scenario time stood still while the correlator caught up: the scenario plays the same, only later.
                StartedTimestamp += (long)(paused.TotalSeconds * time.TimestampFrequency);
                continue;
            }

            var slice = new List<(int Partner, SecurityEvent Event, StepTruth? Detectable)>();
            for (var p = 0; p < scenario.Partners.Count; p++)
            {
                var rate = scenario.Partners[p].NoisePerMinute * options.NoiseScale / 60.0;
                var count = (long)(target.TotalSeconds * rate) - (long)(cursor.TotalSeconds * rate);
                for (var i = 0; i < count; i++)
                {
                    var at = cursor + ((target - cursor) * ((i + 0.5) / count));
                    slice.Add((p, factory.Noise(p, at), null));
                }
            }

            for (; next < sightings.Count && sightings[next].Offset < target; next++)
            {
                var s = sightings[next];
                var step = scenario.Steps[s.Step];
                var e = factory.Sighting(step, s.PartnerIndex, s.Offset);
                var truth = (StepTruth)Truth[s.Step];
                var country = scenario.Partners[s.PartnerIndex].Country;
                truth.Sightings.Add(new Sighting(s.Step, scenario.Partners[s.PartnerIndex].Id, country, s.Offset, e.EventId!));
                var detectable = truth.DetectableAt is null && truth.Sightings.Select(x => x.Country).Distinct().Count() >= 2;
                if (detectable)
                {
                    truth.DetectableAt = s.Offset;
                }

                slice.Add((s.PartnerIndex, e, detectable ? truth : null));
            }

            pending.Add(SendAsync(producer, slice));
            pending.RemoveAll(t => t.IsCompletedSuccessfully);
            cursor = target;
            if (time.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(1))
            {
                lastReport = time.GetTimestamp();
                progress?.Report(Snapshot(cursor));
            }
        }

        await Task.WhenAll(pending);
        producer.Flush(TimeSpan.FromSeconds(30));
        progress?.Report(Snapshot(cursor));
    }

    private PlaybackProgress Snapshot(TimeSpan cursor) =>
        new(cursor, scenario.Duration, EventsSent, Truth.Count(t => t.Sightings.Count > 0), HeldBack);

    private Task SendAsync(IProducer<string, byte[]> producer, List<(int Partner, SecurityEvent Event, StepTruth? Detectable)> slice)
    {
        var deliveries = new List<Task>();
        foreach (var group in slice.GroupBy(x => x.Partner))
        {
            var partner = scenario.Partners[group.Key];
            var key = options.Keys[partner.Id];
            foreach (var chunk in group.Chunk(options.BatchSize))
            {
                using var writer = new BatchWriter(key, partner.Country, partner.Id + "-sensor-1");
                writer.Begin(time.GetUtcNow());
                foreach (var item in chunk)
                {
                    writer.Add(item.Event);
                }

                var sentAt = time.GetTimestamp();
                foreach (var item in chunk.Where(x => x.Detectable is not null))
                {
                    item.Detectable!.DetectableSentTimestamp = sentAt;
                }

                var message = new Message<string, byte[]>
                {
                    Key = partner.Id + "-sensor-1",
                    Value = writer.Complete().ToArray(),
                    Headers = new Headers
                    {
                        { KafkaHeaderNames.ContentType, System.Text.Encoding.UTF8.GetBytes(ContentTypes.Batch) },
                        { KafkaHeaderNames.Schema, System.Text.Encoding.UTF8.GetBytes(SchemaVersions.EventsV1) },
                        { KafkaHeaderNames.Partner, System.Text.Encoding.UTF8.GetBytes(partner.Id) },
                    },
                };
                var count = chunk.Length;
                gate?.Produced(1);
                var size = message.Value.Length;
                deliveries.Add(producer.ProduceAsync(options.Topic, message).ContinueWith(
                    t =>
                    {
                        if (t.IsCompletedSuccessfully)
                        {
                            Interlocked.Add(ref sent, count);
                            Interlocked.Increment(ref sentMessages);
                            Interlocked.Add(ref sentBytes, size);
                        }

                        return t;
                    },
                    TaskScheduler.Default).Unwrap());
            }
        }

        return Task.WhenAll(deliveries);
    }

    private List<(int Step, int PartnerIndex, TimeSpan Offset)> PlanSightings()
    {
        var plan = new List<(int, int, TimeSpan)>();
        for (var s = 0; s < scenario.Steps.Count; s++)
        {
            var step = scenario.Steps[s];
            var total = step.SeenBy.Count * step.EventsPerPartner;
            var n = 0;
            foreach (var seer in step.SeenBy)
            {
                var partnerIndex = scenario.Partners.ToList().FindIndex(p => p.Id == seer);
                for (var k = 0; k < step.EventsPerPartner; k++, n++)
                {
                    // Partners see the indicator in the order listed, spread evenly over the step's spread.
                    var offset = step.At + (total <= 1 ? TimeSpan.Zero : step.Spread * ((double)n / (total - 1)));
                    plan.Add((s, partnerIndex, offset > scenario.Duration ? scenario.Duration : offset));
                }
            }
        }

        return plan.OrderBy(p => p.Item3).ToList();
    }
}
