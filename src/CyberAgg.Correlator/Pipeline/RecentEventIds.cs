namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Event ids this instance has stored and committed recently, as their <see cref="EventIdLedger.Key"/>s in a bounded
/// first-in-first-out set, so a message delivered again (an agent re-send, a replayed batch) is not stored a second
/// time.
/// </summary>
/// <remarks>
/// Ids enter only after their range is committed: a range that is replayed because it was never committed is
/// stored whole. The bound keeps memory flat (about 24 bytes an id); a redelivery older than the last
/// <c>capacity</c> stored events is not caught here.
/// </remarks>
internal sealed class RecentEventIds(int capacity)
{
    private readonly HashSet<ulong> ids = new(Math.Min(capacity, 1 << 16));
    private readonly Queue<ulong> order = new();

    public bool Contains(ulong key) => ids.Contains(key);

    public void Add(ulong key)
    {
        if (!ids.Add(key))
        {
            return;
        }

        order.Enqueue(key);
        if (order.Count > capacity)
        {
            ids.Remove(order.Dequeue());
        }
    }
}
