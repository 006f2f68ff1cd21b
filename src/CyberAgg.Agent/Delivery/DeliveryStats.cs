namespace CyberAgg.Agent.Delivery;

/// <summary>Running totals of delivery, for the shutdown summary and tests (metrics carry the same numbers).</summary>
internal sealed class DeliveryStats
{
    private long _eventsSent;
    private long _batchesSent;
    private long _deadLettersSent;
    private long _batchesSpooled;
    private long _batchesDrained;

    public long EventsSent => Interlocked.Read(ref _eventsSent);

    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    public long DeadLettersSent => Interlocked.Read(ref _deadLettersSent);

    public long BatchesSpooled => Interlocked.Read(ref _batchesSpooled);

    public long BatchesDrained => Interlocked.Read(ref _batchesDrained);

    public void Sent(int events, int deadLetters, bool fromSpool)
    {
        Interlocked.Add(ref _eventsSent, events);
        Interlocked.Add(ref _deadLettersSent, deadLetters);
        Interlocked.Increment(ref _batchesSent);
        if (fromSpool)
        {
            Interlocked.Increment(ref _batchesDrained);
        }
    }

    public void Spooled() => Interlocked.Increment(ref _batchesSpooled);
}
