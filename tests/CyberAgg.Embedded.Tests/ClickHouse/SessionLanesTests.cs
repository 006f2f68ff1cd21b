using CsCheck;
using CyberAgg.Embedded.ClickHouse;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>
/// The engine's session admission against a model: a small request is admitted whenever a session is free, bulk
/// inserts never hold the last one, and a request that would wait does wait (and leaves nothing held when cancelled).
/// </summary>
public sealed class SessionLanesTests
{
    [Fact]
    public void EnterAndLeave_AnySequence_MatchesTheModel()
    {
        // Operations: 0 = a small request, 1 = a bulk insert, 2 = the oldest held lease leaves.
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 2].Array[1, 60]).Sample(
            (count, operations) =>
            {
                using var lanes = new SessionLanes(count);
                var held = new Queue<(SessionLanes.Lease Lease, bool Bulk)>();
                foreach (var op in operations)
                {
                    if (op == 2)
                    {
                        if (held.TryDequeue(out var leaving))
                        {
                            leaving.Lease.Dispose();
                        }

                        continue;
                    }

                    var bulk = op == 1;
                    var total = held.Count;
                    var bulkHeld = held.Count(h => h.Bulk);
                    var admitted = total < count && (!bulk || count == 1 || bulkHeld < count - 1);
                    using var cancel = new CancellationTokenSource();
                    var entering = lanes.EnterAsync(bulk, cancel.Token);
                    entering.IsCompleted.ShouldBe(admitted, $"{(bulk ? "bulk" : "small")} with {total} of {count} sessions held, {bulkHeld} by bulk");
                    if (admitted)
                    {
                        held.Enqueue((entering.Result, bulk));
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

                var all = Enumerable.Range(0, count).Select(_ => lanes.EnterAsync(isBulk: false, CancellationToken.None)).ToList();
                all.ShouldAllBe(e => e.IsCompleted);
            },
            iter: 500);
    }

    [Fact]
    public async Task SmallRequest_WhileBulkInsertsHoldAllTheyMay_IsAdmittedAtOnce_AndAWaitingBulkGoesWhenOneLeaves()
    {
        using var lanes = new SessionLanes(3);
        var first = await lanes.EnterAsync(isBulk: true, CancellationToken.None);
        using var second = await lanes.EnterAsync(isBulk: true, CancellationToken.None);
        var third = lanes.EnterAsync(isBulk: true, CancellationToken.None);
        third.IsCompleted.ShouldBeFalse("two of three sessions are all bulk inserts may hold");

        var small = lanes.EnterAsync(isBulk: false, CancellationToken.None);
        small.IsCompleted.ShouldBeTrue("the third session is kept for requests like an alert's row");
        (await small).Dispose();

        first.Dispose();
        (await third).Dispose();
    }
}
