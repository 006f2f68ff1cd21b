using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Which event ids this instance has stored recently or holds uncommitted, so an event delivered again (an agent
/// re-send, the same batch produced twice, on any partition) is stored once.
/// </summary>
/// <remarks>
/// Dropping a second copy is safe while the first is uncommitted: whatever happens to the first copy's partition, it
/// is stored, by this instance or, after a hand-over, by the next owner replaying it. So a partition's pending ids
/// are forgotten when it is revoked or lost. Committed ids are kept in a bounded set, seeded at start with the ids
/// stored recently (<see cref="Seed"/>), so a copy arriving after a restart is caught too; a redelivery older than
/// the set's capacity, or than the seed's reach, is not caught here.
/// <para>
/// Ids are kept as their <see cref="Key"/>, a 64-bit hash computed once per id: one lookup and one insert per event
/// whatever the number of partitions, instead of a string hash per set. Two different ids with the same key would
/// make the second a false duplicate; with a million ids held the chance of any such pair is about 3 in 100 million.
/// </para>
/// Thread-safe: the consuming loop reserves, the storage stage commits.
/// </remarks>
internal sealed class EventIdLedger(int capacity)
{
    private readonly Lock gate = new();
    private readonly RecentEventIds committed = new(capacity);

    // The partition each uncommitted id was reserved on.
    private readonly Dictionary<ulong, int> pending = [];

    /// <summary>The 64-bit key an id is kept under (XxHash3 of its UTF-16 code units).</summary>
    public static ulong Key(string eventId) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(eventId.AsSpan()));

    /// <summary>Ids reserved and not yet committed or forgotten.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>False when the id is already stored or pending: the event is a duplicate.</summary>
    public bool TryReserve(int partition, string eventId) => TryReserve(partition, Key(eventId));

    /// <summary>False when the id with this <see cref="Key"/> is already stored or pending: the event is a duplicate.</summary>
    public bool TryReserve(int partition, ulong key)
    {
        lock (gate)
        {
            return !committed.Contains(key) && pending.TryAdd(key, partition);
        }
    }

    /// <summary>The ids' range is stored and its offsets committed.</summary>
    public void Committed(int partition, IEnumerable<string> eventIds) => Committed(partition, eventIds.Select(Key));

    /// <summary>The range of ids with these <see cref="Key"/>s is stored and its offsets committed.</summary>
    public void Committed(int partition, IEnumerable<ulong> keys)
    {
        lock (gate)
        {
            foreach (var key in keys)
            {
                committed.Add(key);
                // Only this partition's reservation ends: after a hand-over another partition may hold the same id.
                if (pending.Remove(key, out var owner) && owner != partition)
                {
                    pending.Add(key, owner);
                }
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
                committed.Add(Key(id));
            }
        }
    }

    /// <summary>The partition left this instance: its uncommitted ids will be replayed by the next owner.</summary>
    public void Forget(int partition)
    {
        lock (gate)
        {
            foreach (var (key, owner) in pending)
            {
                if (owner == partition)
                {
                    // Removing the current entry while enumerating is allowed (and does not move the others).
                    pending.Remove(key);
                }
            }
        }
    }
}
