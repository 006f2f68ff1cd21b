using CyberAgg.Configuration;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Correlator.Pipeline;

namespace CyberAgg.Cli.Commands.Operations;

/// <summary>
/// Whether a correlator is doing its job: its loops run, it owns partitions of the events topic (it is consuming),
/// Kafka answers, ClickHouse accepts queries with its credentials, and its inserts succeed (it stores).
/// </summary>
internal sealed class CorrelatorReadiness : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly CorrelatorPipeline pipeline;
    private readonly string topic;
    private readonly KafkaReachability kafka;
    private readonly ClickHouseProbe clickHouse;
    private Task running = Task.CompletedTask;

    public CorrelatorReadiness(CorrelatorPipeline pipeline, string topic, KafkaOptions kafka, ClickHouseOptions clickHouse)
    {
        this.pipeline = pipeline;
        this.topic = topic;
        this.kafka = new KafkaReachability(kafka);
        this.clickHouse = new ClickHouseProbe(clickHouse);
    }

    /// <summary>The task that completes when the correlator stops (its consuming and, scaled out, correlating loops).</summary>
    public void Track(Task loops) => running = loops;

    /// <summary>Null when ready, else the reason in one line.</summary>
    public async Task<string?> NotReadyReasonAsync(CancellationToken cancellationToken)
    {
        if (running.IsCompleted)
        {
            return running.Exception is { } e ? "the correlator stopped: " + e.GetBaseException().Message : "the correlator is not running";
        }

        if (pipeline.StoreStalled is { } stalled)
        {
            return "the correlator cannot store events: " + stalled;
        }

        if (pipeline.AssignedPartitions == 0)
        {
            return $"no partition of {topic} assigned yet (joining the consumer group)";
        }

        if (await Task.Run(() => kafka.Check(ProbeTimeout), cancellationToken) is { } kafkaProblem)
        {
            return "Kafka does not answer: " + kafkaProblem;
        }

        return await clickHouse.CheckAsync(ProbeTimeout, cancellationToken) is { } clickHouseProblem
            ? "ClickHouse does not answer: " + clickHouseProblem
            : null;
    }

    /// <summary>What /readyz reports besides the verdict.</summary>
    public object Details() => new { partitions = pipeline.AssignedPartitions, events_stored = pipeline.Totals.EventsStored, alerts = pipeline.Totals.Alerts, store_retries = pipeline.StoreRetries, store_stalled = pipeline.StoreStalled };

    public void Dispose()
    {
        kafka.Dispose();
        clickHouse.Dispose();
    }
}
