using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Pipeline;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>Synthetic outbound batches of a chosen size, registered with a tracker like the batcher does.</summary>
internal static class Batches
{
    public static OutboundBatch Create(AckTracker tracker, int events, int payloadBytes, IReadOnlyList<FileMark>? marks = null) => new()
    {
        Sequence = tracker.Register(marks ?? []),
        Messages = [new OutboundMessage("t", "k"u8.ToArray(), new byte[payloadBytes], [new("content-type", "x"u8.ToArray())])],
        EventCount = events,
        DeadLetterCount = 0,
        CreatedUnixMs = 0,
    };
}
