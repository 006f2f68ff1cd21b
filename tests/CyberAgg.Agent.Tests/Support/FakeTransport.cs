using System.Collections.Concurrent;
using CyberAgg.Agent.Delivery;
using CyberAgg.Agent.Pipeline;
using Confluent.Kafka;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>A transport that is up (acknowledges at once) or down (fails like a timed-out produce), switchable by tests.</summary>
internal sealed class FakeTransport : IBatchTransport
{
    public volatile bool Down;

    public ConcurrentQueue<OutboundBatch> Sent { get; } = new();

    public int Attempts;

    public Task SendAsync(OutboundBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (Down)
        {
            return Task.FromException(new KafkaException(ErrorCode.Local_MsgTimedOut));
        }

        Sent.Enqueue(batch);
        return Task.CompletedTask;
    }

    public void Flush(TimeSpan timeout)
    {
    }

    public void Dispose()
    {
    }
}
