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

    /// <summary>When set, acknowledgements wait for it: Kafka is reachable but has not answered yet.</summary>
    public Task? Hold { get; set; }

    public async Task SendAsync(OutboundBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (Down)
        {
            throw new KafkaException(ErrorCode.Local_MsgTimedOut);
        }

        if (Hold is { } hold)
        {
            await hold.ConfigureAwait(false);
        }

        Sent.Enqueue(batch);
    }

    public void Flush(TimeSpan timeout)
    {
    }

    public void Dispose()
    {
    }
}
