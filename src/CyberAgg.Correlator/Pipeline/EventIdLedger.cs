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
/// the set's capacity, or than the seed's reach, is not caught here. Thread-safe: the consuming loop reserves, the
/// storage stage commits.
/// </remarks>
internal sealed class EventIdLedger(int capacity)
{
    private readonly Lock gate = new();
    private readonly RecentEventIds committed = new(capacity);
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
