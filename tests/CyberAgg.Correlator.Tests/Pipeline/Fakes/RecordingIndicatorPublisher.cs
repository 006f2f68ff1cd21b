using System.Collections.Concurrent;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Correlator.Pipeline;

namespace CyberAgg.Correlator.Tests.Pipeline.Fakes;

/// <summary>Records what a scaled-out correlator sends the indicator stage, in order.</summary>
internal sealed class RecordingIndicatorPublisher : IIndicatorPublisher
{
    public ConcurrentQueue<string> Sent { get; } = new();

    public Task PublishObservationsAsync(string topic, IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        foreach (var observation in observations)
        {
            Sent.Enqueue("observation " + observation.Key);
        }

        return Task.CompletedTask;
    }

    public Task PublishWatermarkAsync(string topic, string source, DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        Sent.Enqueue("watermark " + watermark.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return Task.CompletedTask;
    }
}
