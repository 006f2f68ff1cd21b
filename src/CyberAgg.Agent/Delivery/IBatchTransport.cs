using CyberAgg.Agent.Pipeline;

namespace CyberAgg.Agent.Delivery;

/// <summary>Sends one batch and completes when every message of it is acknowledged; throws when any is not.</summary>
internal interface IBatchTransport : IDisposable
{
    Task SendAsync(OutboundBatch batch, CancellationToken cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> for messages already handed over, then abandons them.</summary>
    void Flush(TimeSpan timeout);
}
