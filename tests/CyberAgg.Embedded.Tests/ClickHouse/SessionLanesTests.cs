using CsCheck;
using CyberAgg.Embedded.ClickHouse;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>
/// The engine's session admission against a model: a small insert is admitted whenever a session is free, queries and
/// bulk inserts never hold the last one, bulk inserts never the last two, and a request that would wait does wait (and
/// leaves nothing held when cancelled).
/// </summary>
public sealed class SessionLanesTests
{
    [Fact]
    public void EnterAndLeave_AnySequence_MatchesTheModel()
    {
        // Operations: 0 = a query, 1 = a small insert, 2 = a bulk insert, 3 = the oldest held lease leaves.
        Gen.Select(Gen.Int[1, 5], Gen.Int[0, 3].Array[1, 60]).Sample(
            (count, operations) =>
            {
                using var lanes = new SessionLanes(count);
                var held = new Queue<(SessionLanes.Lease Lease, EngineWork Work)>();
                foreach (var op in operations)
                {
                    if (op == 3)
                    {
                        if (held.TryDequeue(out var leaving))
                        {
                            leaving.Lease.Dispose();
                        }

                        continue;
                    }

                    var work = (EngineWork)op;
                    var total = held.Count;
                    var notSmall = held.Count(h => h.Work != EngineWork.Insert);
                    var bulkHeld = held.Count(h => h.Work == EngineWork.BulkInsert);
                    var admitted = total < count
                        && (work == EngineWork.Insert || count == 1 || notSmall < count - 1)
                        && (work != EngineWork.BulkInsert || count <= 2 || bulkHeld < count - 2);
                    using var cancel = new CancellationTokenSource();
                    var entering = lanes.EnterAsync(work, cancel.Token);
                    entering.IsCompleted.ShouldBe(admitted, $"{work} with {total} of {count} sessions held, {notSmall} by queries and bulk inserts, {bulkHeld} by bulk");
                    if (admitted)
                    {
                        held.Enqueue((entering.Result, work));
                    }
                    else
                    {
                        cancel.Cancel();
                        Should.Throw<OperationCanceledException>(async () => await entering);
                    }
                }

                // Whatever happened, once everything left every session can be had again: nothing leaked.
                while (held.TryDequeue(out var h))
                {
                    h.Lease.Dispose();
                }

                var all = Enumerable.Range(0, count).Select(_ => lanes.EnterAsync(EngineWork.Insert, CancellationToken.None)).ToList();
                all.ShouldAllBe(e => e.IsCompleted);
                all.ForEach(e => e.Result.Dispose());
                var shared = Enumerable.Range(0, Math.Max(1, count - 1)).Select(_ => lanes.EnterAsync(EngineWork.Query, CancellationToken.None)).ToList();
                shared.ShouldAllBe(e => e.IsCompleted, "a cancelled wait gave back the lanes it had taken");
            },
            iter: 500);
    }

    [Fact]
    public async Task AlertRow_WhileEventBatchesAndAQueryHoldAllTheyMay_IsAdmittedAtOnce_AndAWaitingBatchGoesWhenOneLeaves()
    {
        using var lanes = new SessionLanes(4);
        var first = await lanes.EnterAsync(EngineWork.BulkInsert, CancellationToken.None);
        using var second = await lanes.EnterAsync(EngineWork.BulkInsert, CancellationToken.None);
        var third = lanes.EnterAsync(EngineWork.BulkInsert, CancellationToken.None);
        third.IsCompleted.ShouldBeFalse("two of four sessions are all bulk inserts may hold");

        using var poll = await lanes.EnterAsync(EngineWork.Query, CancellationToken.None);
        var secondPoll = lanes.EnterAsync(EngineWork.Query, CancellationToken.None);
        secondPoll.IsCompleted.ShouldBeFalse("queries and bulk inserts together hold at most three of four");

        var alertRow = lanes.EnterAsync(EngineWork.Insert, CancellationToken.None);
        alertRow.IsCompleted.ShouldBeTrue("the last session is kept for small inserts like an alert's row");
        (await alertRow).Dispose();

        // The first batch leaves: the query that waited first takes the shared slot, and the batch its own once it leaves.
        first.Dispose();
        (await secondPoll.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await third.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
