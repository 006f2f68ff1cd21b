namespace CyberAgg.Agent.Pipeline;

/// <summary>
/// The unit of delivery and of checkpointing: a signed event batch plus the dead letters cut with it. It is
/// acknowledged as a whole; only then do the file offsets it reached count as confirmed.
/// </summary>
internal sealed class OutboundBatch
{
    /// <summary>The <see cref="Checkpoints.AckTracker"/> sequence, or -1 for a batch spooled by an earlier run.</summary>
    public required long Sequence { get; init; }

    public required IReadOnlyList<OutboundMessage> Messages { get; init; }

    public required int EventCount { get; init; }

    public required int DeadLetterCount { get; init; }

    /// <summary>When the batch was cut, Unix milliseconds (survives the spool, for the delivery latency).</summary>
    public required long CreatedUnixMs { get; init; }

    public long Bytes
    {
        get
        {
            long total = 0;
            foreach (var message in Messages)
            {
                total += message.Value.Length + (message.Key?.Length ?? 0);
            }

            return total;
        }
    }
}
