using Confluent.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Configuration.Kafka;
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
            b => KafkaClients.Producer<string?>(KafkaClients.Reliable(b), "sovereign demo router"),
            StringComparer.Ordinal);
        var config = new KafkaOptions { Bootstrap = ingress }.ToConsumerConfig("cyberagg-sovereign-router");
        // A demo harness standing in for each country's agents: it re-sends what it routed after a restart.
        config.AutoOffsetReset = AutoOffsetReset.Earliest;
        config.EnableAutoCommit = true;
        config.FetchWaitMaxMs = 10;
        using var consumer = KafkaClients.Consumer<string?>(config, "sovereign demo router").Build();
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
