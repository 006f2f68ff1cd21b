namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// The bound of the store queue, counted in events: how many evaluated events may wait for the store. A batch waits
/// while the events already queued leave no room for it; an empty queue always takes one, however large, so a batch
/// bigger than the limit still moves. Closed (the store failed), nothing waits any more.
/// </summary>
/// <remarks>
/// Counted in events, not batches: at a steady rate batches are small (the linger cuts them), and a limit of a few
/// batches stopped consumption, and with it alerting, for as long as each insert took (seconds in the bench's load
/// phase); full batches are held to the same memory as before.
/// </remarks>
internal sealed class EventBudget(int limit)
{
    private readonly object gate = new();
    private int queued;
    private int waiting;
    private bool closed;

    /// <summary>Events that may be queued at once (at least one).</summary>
    public int Limit { get; } = Math.Max(1, limit);

    /// <summary>Events taken and not yet returned.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>Callers blocked in <see cref="Take"/> now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Whether <paramref name="events"/> more may be taken now.</summary>
    public bool HasRoomFor(int events)
    {
        var now = Volatile.Read(ref queued);
        return now == 0 || (long)now + events <= Limit;
    }

    /// <summary>Takes room for <paramref name="events"/>, blocking until there is some; false (nothing taken) once closed.</summary>
    public bool Take(int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        lock (gate)
        {
            while (!closed && !HasRoomFor(events))
            {
                waiting++;
                try
                {
                    Monitor.Wait(gate);
                }
                finally
                {
                    waiting--;
                }
            }

            if (closed)
            {
                return false;
            }

            queued += events;
            return true;
        }
    }

    /// <summary>Gives back the room of <paramref name="events"/> taken before, waking whoever waits for it.</summary>
    public void Return(int events)
    {
        lock (gate)
        {
            if (events < 0 || events > queued)
            {
                throw new InvalidOperationException($"Returned {events} events with {queued} taken.");
            }

            queued -= events;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Nothing more is taken; whoever waits returns false.</summary>
    public void Close()
    {
        lock (gate)
        {
            closed = true;
            Monitor.PulseAll(gate);
        }
    }
}
