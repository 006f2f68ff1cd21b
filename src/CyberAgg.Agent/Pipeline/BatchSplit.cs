namespace CyberAgg.Agent.Pipeline;

/// <summary>What <see cref="BatchSplitter"/> made of a batch: signed pieces in order, and the events too large for any.</summary>
/// <param name="Pieces">Signed batches, each within the limit, holding every other event once, in the original order.</param>
/// <param name="Oversized">Events that do not fit in a batch of their own, by index in the original batch.</param>
/// <param name="Failure">Why the batch could not be split (not a batch, a signature that does not verify); null on success.</param>
internal sealed record BatchSplit(IReadOnlyList<byte[]> Pieces, IReadOnlyList<OversizedEvent> Oversized, string? Failure)
{
    public static BatchSplit Failed(string why) => new([], [], why);
}
