using Confluent.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;

namespace CyberAgg.Federation.Local;

/// <summary>
/// For one machine only: forwards each agent batch from a shared ingress Kafka to the Kafka of the node of its
/// partner (by the <c>cyberagg-partner</c> header), as each partner's agents would point at their own node. Lets
/// one scenario feed central mode and every node with exactly the same events.
/// </summary>
internal sealed class EventRouter(string ingress, IReadOnlyDictionary<string, string> nodeBootstrapByPartner)
{
    private long routed;
    private long unrouted;

    public long Routed => Interlocked.Read(ref routed);

    /// <summary>Batches naming no known partner; they stay on the ingress topic and are counted, never forwarded.</summary>
    public long Unrouted => Interlocked.Read(ref unrouted);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken cancellationToken)
    {
        var producers = nodeBootstrapByPartner.Values.Distinct(StringComparer.Ordinal).ToDictionary(
            b => b,
            b => new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = b, EnableIdempotence = true, Acks = Acks.All, LingerMs = 2 }).Build(),
            StringComparer.Ordinal);
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = ingress,
            GroupId = "cyberagg-sovereign-router",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = true,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(KafkaTopicNames.Events);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message is null)
                {
                    continue;
                }

                var partner = result.Message.Headers is { } h && h.TryGetLastBytes(KafkaHeaderNames.Partner, out var p) ? System.Text.Encoding.UTF8.GetString(p) : "";
                if (!nodeBootstrapByPartner.TryGetValue(partner, out var bootstrap))
                {
                    Interlocked.Increment(ref unrouted);
                    continue;
                }

                producers[bootstrap].Produce(KafkaTopicNames.Events, result.Message, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref unrouted);
                    }
                    else
                    {
                        Interlocked.Increment(ref routed);
                    }
                });
            }
        }
        finally
        {
            foreach (var producer in producers.Values)
            {
                producer.Flush(TimeSpan.FromSeconds(10));
                producer.Dispose();
            }

            consumer.Close();
        }
    }
}
