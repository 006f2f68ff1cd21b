namespace CyberAgg.Correlator.Pipeline;

/// <summary>What one pass of the consuming loop gathered, per partition, before it is stored and committed.</summary>
internal sealed class EventBatch
{
    private readonly SortedDictionary<int, PartitionBatch> partitions = [];

    public IEnumerable<PartitionBatch> Partitions => partitions.Values;

    public int EventCount { get; set; }

    public int MessageCount { get; set; }

    public bool IsEmpty => MessageCount == 0;

    /// <summary>Closes a replayed range: it must be stored as planned, not merged with what follows.</summary>
    public bool Sealed { get; set; }

    public PartitionBatch For(int partition, long offset)
    {
        if (!partitions.TryGetValue(partition, out var batch))
        {
            batch = new PartitionBatch(partition, offset);
            partitions[partition] = batch;
        }

        batch.LastOffset = offset;
        return batch;
    }

    public void Remove(int partition) => partitions.Remove(partition);
}
