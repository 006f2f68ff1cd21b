namespace CyberAgg.Benchmarks.Pipeline;

/// <summary>
/// The correlator's ledger before 2026-12-03 (commit 66c3d09), kept as the baseline of <see cref="EventIdLedgerBenchmarks"/>.
/// Which event ids this instance has stored recently or holds uncommitted, so an event delivered again (an agent
/// re-send, the same batch produced twice, on any partition) is stored once.
/// </summary>
/// <remarks>
/// Dropping a second copy is safe while the first is uncommitted: whatever happens to the first copy's partition, it
/// is stored, by this instance or, after a hand-over, by the next owner replaying it. So a partition's pending ids
/// are forgotten when it is revoked or lost. Committed ids are kept in a bounded set, seeded at start with the ids
/// stored recently (<see cref="Seed"/>), so a copy arriving after a restart is caught too; a redelivery older than
/// the set's capacity, or than the seed's reach, is not caught here. Thread-safe: the consuming loop reserves, the
/// storage stage commits.
/// </remarks>
internal sealed class StringIdLedgerBefore(int capacity)
{
    private readonly Lock gate = new();
    private readonly FnvRecentIdsBefore committed = new(capacity);
    private readonly Dictionary<int, HashSet<string>> pending = [];

    /// <summary>False when the id is already stored or pending: the event is a duplicate.</summary>
    public bool TryReserve(int partition, string eventId)
    {
        lock (gate)
        {
            if (committed.Contains(eventId))
            {
                return false;
            }

            foreach (var ids in pending.Values)
            {
                if (ids.Contains(eventId))
                {
                    return false;
                }
            }

            if (!pending.TryGetValue(partition, out var own))
            {
                own = new HashSet<string>(StringComparer.Ordinal);
                pending[partition] = own;
            }

            own.Add(eventId);
            return true;
        }
    }

    /// <summary>The ids' range is stored and its offsets committed.</summary>
    public void Committed(int partition, IEnumerable<string> eventIds)
    {
        lock (gate)
        {
            pending.TryGetValue(partition, out var own);
            foreach (var id in eventIds)
            {
                committed.Add(id);
                own?.Remove(id);
            }
        }
    }

    /// <summary>Ids stored before this process started (read back from storage): their copies are duplicates.</summary>
    public void Seed(IEnumerable<string> storedIds)
    {
        lock (gate)
        {
            foreach (var id in storedIds)
            {
                committed.Add(id);
            }
        }
    }

    /// <summary>The partition left this instance: its uncommitted ids will be replayed by the next owner.</summary>
    public void Forget(int partition)
    {
        lock (gate)
        {
            pending.Remove(partition);
        }
    }
}


/// <summary>
/// The committed-id set before 2026-12-03 (commit 66c3d09), for the baseline.
/// Event ids this instance has stored and committed recently, as 64-bit hashes in a bounded first-in-first-out set,
/// so a message delivered again (an agent re-send, a replayed batch) is not stored a second time.
/// </summary>
/// <remarks>
/// Ids enter only after their range is committed: a range that is replayed because it was never committed is
/// stored whole. The bound keeps memory flat (about 24 bytes an id); a redelivery older than the last
/// <c>capacity</c> stored events is not caught here.
/// </remarks>
internal sealed class FnvRecentIdsBefore(int capacity)
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
