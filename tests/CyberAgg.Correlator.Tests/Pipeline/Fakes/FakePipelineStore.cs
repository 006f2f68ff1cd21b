using System.Collections.Concurrent;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Tests.Pipeline.Fakes;

/// <summary>An in-memory store: records what the storage stage plans and stores, and fails or refuses on request.</summary>
internal sealed class FakePipelineStore : IPipelineStore, IDisposable
{
    private readonly SemaphoreSlim inserted = new(0);
    private int failuresLeft;

    /// <summary>Every insert of events, in order: partition, token and the event ids.</summary>
    public ConcurrentQueue<(int Partition, string Token, string[] EventIds)> EventInserts { get; } = new();

    public ConcurrentQueue<(string Token, DeadLetterRecord[] DeadLetters)> DeadLetterInserts { get; } = new();

    public ConcurrentQueue<(int Partition, long First, long Last)> Plans { get; } = new();

    /// <summary>Event ids the table refuses (as a column it cannot parse would be).</summary>
    public HashSet<string> Refuse { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, event inserts wait for it, as a busy server would; <see cref="InsertStarted"/> says one is waiting.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, only this partition's event inserts wait for <see cref="Gate"/>.</summary>
    public int? GatePartition { get; set; }

    public SemaphoreSlim InsertStarted { get; } = new(0);

    /// <summary>The next <paramref name="count"/> event inserts fail as a server that is down would.</summary>
    public void FailNext(int count) => Volatile.Write(ref failuresLeft, count);

    public Task RecordPlansAsync(string topic, IReadOnlyList<PartitionBatch> ranges, CancellationToken cancellationToken)
    {
        foreach (var range in ranges)
        {
            Plans.Enqueue((range.Partition, range.FirstOffset, range.LastOffset));
        }

        return Task.CompletedTask;
    }

    public async Task<List<(int Row, string Reason)>> StoreEventsAsync(EncodedEventRows rows, int partition, string token, CancellationToken cancellationToken)
    {
        if (Gate is { } gate && (GatePartition is not { } gated || gated == partition))
        {
            InsertStarted.Release();
            await gate.Task;
        }

        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new HttpRequestException("Connection refused (127.0.0.1:1)");
        }

        var ids = Enumerable.Range(0, rows.Count).Select(i => rows.EventId(i) ?? "").ToArray();
        EventInserts.Enqueue((partition, token, ids));
        inserted.Release();
        return Enumerable.Range(0, ids.Length).Where(i => Refuse.Contains(ids[i])).Select(i => (i, "CANNOT_PARSE_INPUT: bad row")).ToList();
    }

    /// <summary>Waits for the next successful insert of events (failing after 10 s of real time).</summary>
    public async Task InsertedAsync() => (await inserted.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("the events were inserted");

    public Task StoreDeadLettersAsync(IReadOnlyList<DeadLetterRecord> deadLetters, string token, CancellationToken cancellationToken)
    {
        DeadLetterInserts.Enqueue((token, deadLetters.ToArray()));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        inserted.Dispose();
        InsertStarted.Dispose();
    }
}
