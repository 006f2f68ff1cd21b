using CyberAgg.Correlator.Evaluation;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// What a scaled-out correlator sends the indicator stage: observations re-keyed by indicator, and watermark markers
/// saying nothing older follows from this source. <see cref="KafkaPublisher"/> in production.
/// </summary>
internal interface IIndicatorPublisher
{
    Task PublishObservationsAsync(string topic, IReadOnlyList<Observation> observations, CancellationToken cancellationToken);

    Task PublishWatermarkAsync(string topic, string source, DateTimeOffset watermark, CancellationToken cancellationToken);
}
