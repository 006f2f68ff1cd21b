using CyberAgg.Events.Alerts;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Makes alerts durable (stored and published, both acknowledged); <see cref="AlertSink"/> in production.</summary>
internal interface IAlertSink
{
    Task StoreAsync(List<Alert> alerts, CancellationToken cancellationToken);
}
