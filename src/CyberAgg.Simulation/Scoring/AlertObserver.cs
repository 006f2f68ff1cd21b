using System.Collections.Concurrent;
using Confluent.Kafka;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Simulation.Scoring;

/// <summary>
/// Watches <c>cyberagg.alerts.v1</c> and every partner feed <c>cyberagg.alerts.&lt;partner&gt;.v1</c> of a deployment,
/// recording when each alert arrived: what an exercise is scored on.
/// </summary>
public sealed class AlertObserver(string bootstrapServers, TimeProvider? timeProvider = null) : IDisposable
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentQueue<ObservedAlert> received = new();
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    public IReadOnlyCollection<ObservedAlert> Received => received;

    /// <summary>Malformed alert messages seen (counted, not fatal: the exercise goes on).</summary>
    public int Malformed { get; private set; }

    /// <summary>Starts consuming the alert topics.</summary>
    public Task StartAsync()
    {
        var assigned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop = Task.Factory.StartNew(() => Run(assigned), TaskCreationOptions.LongRunning);
        return Task.WhenAny(assigned.Task, Task.Delay(TimeSpan.FromSeconds(30), time));
    }

    private void Run(TaskCompletionSource assigned)
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "cyberagg-exercise-" + Guid.NewGuid().ToString("N"),
            // From the start of the topics: an alert raised before this observer's assignment completed still counts.
            // Alerts of earlier exercises are told apart by event time when scoring.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            TopicMetadataRefreshIntervalMs = 2000,
        })
            .SetPartitionsAssignedHandler((_, _) => assigned.TrySetResult())
            .Build();
        consumer.Subscribe(@"^cyberagg\.alerts\..*v1$");
        while (!stop.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
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

    public void Dispose()
    {
        stop.Cancel();
        loop?.Wait(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
