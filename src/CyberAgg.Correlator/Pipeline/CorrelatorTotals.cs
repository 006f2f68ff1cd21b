namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Counts since start, read by the demo summary, serve's readiness and stop line, and the benchmark: what was committed,
/// and the alerts made durable (a batch's own when it commits, those raised between batches once durable).
/// </summary>
public sealed class CorrelatorTotals
{
    private long messages;
    private long events;
    private long alerts;
    private long deadLetters;

    public long Messages => Interlocked.Read(ref messages);

    public long EventsStored => Interlocked.Read(ref events);

    public long Alerts => Interlocked.Read(ref alerts);

    public long DeadLetters => Interlocked.Read(ref deadLetters);

    internal void Add(long messageCount, long eventCount, long alertCount, long deadLetterCount)
    {
        Interlocked.Add(ref messages, messageCount);
        Interlocked.Add(ref events, eventCount);
        Interlocked.Add(ref alerts, alertCount);
        Interlocked.Add(ref deadLetters, deadLetterCount);
    }

    internal void AddAlerts(long alertCount) => Interlocked.Add(ref alerts, alertCount);
}
