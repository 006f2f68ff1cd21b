using System.Collections.Concurrent;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Correlator.Tests.Pipeline.Fakes;

/// <summary>Records the alerts it is asked to make durable, and acknowledges them only once opened.</summary>
internal sealed class GatedAlertSink : IAlertSink
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<Alert> Received { get; } = new();

    /// <summary>Acknowledges every store asked for so far and from now on.</summary>
    public void Open() => gate.TrySetResult();

    public Task StoreAsync(List<Alert> alerts, CancellationToken cancellationToken)
    {
        foreach (var alert in alerts)
        {
            Received.Enqueue(alert);
        }

        return gate.Task;
    }
}
