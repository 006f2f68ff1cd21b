namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Event ids this instance has stored and committed recently, as 64-bit hashes in a bounded first-in-first-out set,
/// so a message delivered again (an agent re-send, a replayed batch) is not stored a second time.
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

    public bool Contains(string eventId) => ids.Contains(Hash(eventId));

    public void Add(string eventId)
    {
        var hash = Hash(eventId);
        if (!ids.Add(hash))
        {
            return;
        }

        order.Enqueue(hash);
        if (order.Count > capacity)
        {
            ids.Remove(order.Dequeue());
        }
    }

    /// <summary>64-bit FNV-1a: at a million ids the chance of any two colliding is about 3 in 100 million.</summary>
    public static ulong Hash(string eventId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in eventId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
