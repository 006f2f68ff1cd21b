using System.Diagnostics;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;

namespace CyberAgg.Bench.Workload;

/// <summary>Produces pre-encoded batches: all at once, or paced to an event rate; counts acknowledged events.</summary>
internal sealed class BenchProducer : IDisposable
{
    private readonly IProducer<byte[]?, byte[]> producer;
    private readonly string topic;
    private long sentEvents;
    private long sentMessages;
    private long failed;
    private string? lastError;
    private long backlogWaits;

    public BenchProducer(KafkaOptions kafka, string topic)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        // The agent's settings (idempotent, lz4); a deep queue so the peak phase never blocks on the client.
        var config = KafkaClients.Reliable(kafka.ToProducerConfig());
        config.BatchSize = 4 * 1024 * 1024;
        config.QueueBufferingMaxKbytes = 2 * 1024 * 1024;
        config.QueueBufferingMaxMessages = 1_000_000;
        config.MessageMaxBytes = 16 * 1024 * 1024;
        producer = KafkaClients.Producer<byte[]?>(config, "bench producer");
        this.topic = topic;
    }

    /// <summary>
    /// Keeps the backlog (events produced but not yet consumed by the correlator) at most this many events, so a
    /// broker that deletes old data past a size (the embedded Kafka: 5 MiB a partition) never deletes unconsumed
    /// events; null for no limit (a real Kafka's retention is set by its operator).
    /// </summary>
    public long? MaxBacklogEvents { get; init; }

    /// <summary>Events the correlator has consumed so far, for <see cref="MaxBacklogEvents"/>.</summary>
    public Func<long> ConsumedEvents { get; init; } = () => 0;

    /// <summary>Times a produce waited for the correlator to consume, because the backlog was at its limit.</summary>
    public long BacklogWaits => Interlocked.Read(ref backlogWaits);

    /// <summary>Events handed to the client (acknowledged or not yet).</summary>
    public long SentEvents => Interlocked.Read(ref sentEvents);

    public long SentMessages => Interlocked.Read(ref sentMessages);

    /// <summary>Produces one message, to <paramref name="partition"/> or (null) where the client's partitioner puts it.</summary>
    public void Produce(Message<byte[]?, byte[]> message, int events, int? partition = null)
    {
        WaitForRoom(events);
        var target = partition is { } p ? new TopicPartition(topic, new Partition(p)) : null;
        while (true)
        {
            try
            {
                Action<DeliveryReport<byte[]?, byte[]>> onDelivery = report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref failed);
                        lastError = report.Error.Reason;
                    }
                };
                if (target is null)
                {
                    producer.Produce(topic, message, onDelivery);
                }
                else
                {
                    producer.Produce(target, message, onDelivery);
                }

                Interlocked.Add(ref sentEvents, events);
                Interlocked.Increment(ref sentMessages);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Backpressure from the client's queue: serve delivery reports until there is room.
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private void WaitForRoom(int events)
    {
        if (MaxBacklogEvents is not { } limit)
        {
            return;
        }

        var waited = false;
        while (SentEvents + events - ConsumedEvents() > limit)
        {
            // Serve delivery reports while the correlator catches up.
            producer.Poll(TimeSpan.FromMilliseconds(2));
            waited = true;
        }

        if (waited)
        {
            Interlocked.Increment(ref backlogWaits);
        }
    }

    /// <summary>Produces every message as fast as the client and the backlog limit take them (a lazy sequence is read as it is sent).</summary>
    public void ProduceAll(IEnumerable<Message<byte[]?, byte[]>> messages, int eventsPerMessage, int totalEvents, CancellationToken cancellationToken)
    {
        var left = totalEvents;
        foreach (var message in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var events = Math.Min(eventsPerMessage, left);
            Produce(message, events);
            left -= events;
        }
    }

    /// <summary>
    /// Produces <paramref name="messages"/> in order at <paramref name="eventsPerSecond"/> for <paramref name="duration"/>,
    /// reading each when it is due (so a lazily encoded sequence is encoded at the pace it is sent), to the
    /// <paramref name="partitions"/> in turn; throws if the sequence ends first.
    /// </summary>
    /// <remarks>
    /// In turn, as a steady fleet of agents keeps every partition fed: placed at random, a partition could go several
    /// batches' time without data, and the correlator's watermark, the minimum over its partitions, waits for it.
    /// </remarks>
    public async Task ProduceAtRateAsync(IEnumerable<Message<byte[]?, byte[]>> messages, int eventsPerMessage, double eventsPerSecond, TimeSpan duration, int partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var sent = 0L;
        var start = Stopwatch.GetTimestamp();
        long events = 0;
        using var next = messages.GetEnumerator();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(2));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed >= duration)
            {
                return;
            }

            var due = elapsed.TotalSeconds * eventsPerSecond;
            while (events + eventsPerMessage <= due)
            {
                if (!next.MoveNext())
                {
                    throw new InvalidOperationException($"The paced workload ran out after {events:N0} events, before {duration.TotalSeconds:F0} s at {eventsPerSecond:N0} events/s.");
                }

                Produce(next.Current, eventsPerMessage, (int)(sent++ % partitions));
                events += eventsPerMessage;
            }
        }
    }

    /// <summary>Waits for every acknowledgement; throws if any message failed or is still unacknowledged after the timeout.</summary>
    /// <remarks>
    /// Probes are produced from another thread while a phase flushes, and the client counts the messages still queued
    /// when its flush returns: a probe pair sent in that instant made a flush that had delivered everything else fail
    /// ("2 messages unacknowledged", once in ten default runs). So it flushes again until nothing is left.
    /// </remarks>
    public void Flush(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var left = producer.Flush(timeout);
        while (left > 0 && clock.Elapsed < timeout)
        {
            left = producer.Flush(timeout - clock.Elapsed);
        }

        if (left > 0 || Interlocked.Read(ref failed) > 0)
        {
            throw new InvalidOperationException($"Producing to {topic} failed: {left} messages unacknowledged, {failed} failed ({lastError}).");
        }
    }

    public void Dispose() => producer.Dispose();
}
