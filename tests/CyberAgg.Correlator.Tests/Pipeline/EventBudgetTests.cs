using CsCheck;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>The store queue's bound in events: a model of takes and returns, and the blocking path.</summary>
public sealed class EventBudgetTests
{
    [Fact]
    public void TakeAndReturn_AnyOrder_MatchTheModelAndStayWithinTheLimitUnlessOneBatchIsAlone()
    {
        // An operation is a take of 0..300 events (positive) or the return of the oldest taken batch (negative).
        Gen.Select(Gen.Int[1, 200], Gen.Int[-1, 300].Array[1, 80]).Sample(
            (limit, operations) =>
            {
                var budget = new EventBudget(limit);
                var held = new Queue<int>();
                foreach (var operation in operations)
                {
                    if (operation < 0)
                    {
                        if (held.Count > 0)
                        {
                            budget.Return(held.Dequeue());
                        }

                        continue;
                    }

                    var queued = held.Sum();
                    var room = queued == 0 || queued + operation <= limit;
                    budget.HasRoomFor(operation).ShouldBe(room);
                    if (room)
                    {
                        // With room, a take returns at once.
                        budget.Take(operation).ShouldBeTrue();
                        held.Enqueue(operation);
                    }

                    budget.Queued.ShouldBe(held.Sum());
                    (budget.Queued <= limit || held.Count(h => h > 0) == 1).ShouldBeTrue($"{budget.Queued} queued over the limit {limit} in {held.Count} batches");
                }
            },
            iter: 500);
    }

    [Fact]
    public async Task Take_NoRoom_WaitsUntilEnoughIsReturned()
    {
        var budget = new EventBudget(10);
        budget.Take(8).ShouldBeTrue();
        var taking = Task.Factory.StartNew(() => budget.Take(5), TaskCreationOptions.LongRunning);
        await Eventually.WaitAsync(() => budget.Waiting == 1, "the second take waits", TimeSpan.FromSeconds(10));

        budget.Return(2);
        await Eventually.WaitAsync(() => budget.Waiting == 1, "it still waits: 6 + 5 is over 10", TimeSpan.FromSeconds(10));
        taking.IsCompleted.ShouldBeFalse();
        budget.Return(6);

        (await taking.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        budget.Queued.ShouldBe(5);
    }

    [Fact]
    public async Task Close_WhileATakeWaits_ItReturnsFalseAndTakesNothing()
    {
        var budget = new EventBudget(3);
        budget.Take(3).ShouldBeTrue();
        var taking = Task.Factory.StartNew(() => budget.Take(1), TaskCreationOptions.LongRunning);
        await Eventually.WaitAsync(() => budget.Waiting == 1, "the take waits", TimeSpan.FromSeconds(10));

        budget.Close();

        (await taking.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeFalse();
        budget.Queued.ShouldBe(3);
        budget.Take(0).ShouldBeFalse("closed, nothing more is taken");
    }

    [Fact]
    public void Return_MoreThanTaken_Throws()
    {
        var budget = new EventBudget(5);
        budget.Take(2).ShouldBeTrue();

        Should.Throw<InvalidOperationException>(() => budget.Return(3)).Message.ShouldBe("Returned 3 events with 2 taken.");
    }
}
