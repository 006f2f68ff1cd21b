using System.Collections.Concurrent;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events.Alerts;
using CyberAgg.Events;

namespace CyberAgg.Simulation.Scoring;

/// <summary>
/// Watches <c>cyberagg.alerts.v1</c> and the partner feeds <c>cyberagg.alerts.&lt;partner&gt;.v1</c> of a deployment,
/// recording when each alert arrived: what an exercise is scored on.
/// </summary>
/// <remarks>
/// Partitions are assigned by hand, from the start of each topic, as the topics appear: a consumer group would
/// rebalance every time a partner feed is created, and alerts arriving meanwhile would be scored late.
/// </remarks>
public sealed class AlertObserver(string bootstrapServers, IEnumerable<string> partnerIds, TimeProvider? timeProvider = null) : IDisposable
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;
    private readonly string[] topics = [KafkaTopicNames.Alerts, .. partnerIds.Select(KafkaTopicNames.PartnerAlerts)];
    private readonly ConcurrentQueue<ObservedAlert> received = new();
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    public IReadOnlyCollection<ObservedAlert> Received => received;

    /// <summary>Malformed alert messages seen (counted, not fatal: the exercise goes on).</summary>
    public int Malformed { get; private set; }

    /// <summary>Starts watching; completes once the central alert topic is assigned (or after 30 s).</summary>
    public Task StartAsync()
    {
        var assigned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop = Task.Factory.StartNew(() => Run(assigned), TaskCreationOptions.LongRunning);
        return Task.WhenAny(assigned.Task, Task.Delay(TimeSpan.FromSeconds(30), time));
    }

    private void Run(TaskCompletionSource assigned)
    {
        // Looking a partner feed up must not create it: the sharing service creates the feeds it serves.
        var adminConfig = new AdminClientConfig(KafkaClients.Connection(bootstrapServers)) { AllowAutoCreateTopics = false };
        using var admin = KafkaClients.Admin(adminConfig, "exercise alert observer");
        var config = KafkaClients.ManualCommit(bootstrapServers, "cyberagg-exercise-" + Guid.NewGuid().ToString("N"));
        config.AllowAutoCreateTopics = false;
        using var consumer = KafkaClients.Consumer<string?>(config, "exercise alert observer").Build();
        var owned = new HashSet<TopicPartition>();
        var lastLook = long.MinValue;
        while (!stop.IsCancellationRequested)
        {
            if (time.GetElapsedTime(lastLook) > TimeSpan.FromSeconds(1) || lastLook == long.MinValue)
            {
                lastLook = time.GetTimestamp();
                AssignNewPartitions(admin, consumer, owned);
                if (owned.Any(p => p.Topic == topics[0]))
                {
                    assigned.TrySetResult();
                }
            }

            var result = owned.Count == 0 ? null : consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (owned.Count == 0)
            {
                stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
            }

            if (result?.Message?.Value is not { } value)
            {
                continue;
            }

            try
            {
                received.Enqueue(new ObservedAlert(AlertJson.Deserialize(value), result.Topic, time.GetTimestamp()));
            }
            catch (System.Text.Json.JsonException)
            {
                Malformed++;
            }
        }

        consumer.Close();
    }

    private void AssignNewPartitions(IAdminClient admin, IConsumer<string?, byte[]> consumer, HashSet<TopicPartition> owned)
    {
        var fresh = new List<TopicPartitionOffset>();
        foreach (var topic in topics)
        {
            Metadata metadata;
            try
            {
                metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(2));
            }
            catch (KafkaException)
            {
                // The broker did not answer in time; look again on the next round.
                continue;
            }

            foreach (var t in metadata.Topics.Where(t => t.Error.Code == ErrorCode.NoError))
            {
                foreach (var p in t.Partitions)
                {
                    var tp = new TopicPartition(t.Topic, p.PartitionId);
                    if (owned.Add(tp))
                    {
                        fresh.Add(new TopicPartitionOffset(tp, Offset.Beginning));
                    }
                }
            }
        }

        if (fresh.Count > 0)
        {
            consumer.IncrementalAssign(fresh);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        loop?.Wait(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
