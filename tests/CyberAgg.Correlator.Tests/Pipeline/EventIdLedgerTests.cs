using CsCheck;
using CyberAgg.Correlator.Pipeline;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>
/// The ledger against a model that keeps the ids themselves: whatever mix of reservations, commits and hand-overs,
/// it calls the same events duplicates.
/// </summary>
public sealed class EventIdLedgerTests
{
    [Fact]
    public void Ledger_AnySequenceOfReserveCommitForget_AgreesWithAModelOfIdSets()
    {
        // (kind, partition, id): 0-5 reserve, 6-7 commit what the partition holds, 8 forget the partition. A capacity
        // of a few ids against 41 of them: committed ids are evicted, oldest first, all the time.
        var operation = Gen.Select(Gen.Int[0, 8], Gen.Int[0, 3], Gen.Int[0, 40]);
        Gen.Select(Gen.Int[1, 12], operation.Array[1, 200]).Sample((capacity, operations) =>
        {
            var ledger = new EventIdLedger(capacity);
            var committed = new List<string>();
            var pending = new Dictionary<int, List<string>>();
            foreach (var (kind, partition, n) in operations)
            {
                var id = "event-" + n;
                if (kind <= 5)
                {
                    var expected = !committed.Contains(id) && !pending.Values.Any(ids => ids.Contains(id));
                    ledger.TryReserve(partition, id).ShouldBe(expected, $"reserve {id} on {partition}");
                    if (expected)
                    {
                        pending.TryAdd(partition, []);
                        pending[partition].Add(id);
                    }
                }
                else if (kind <= 7)
                {
                    var ids = pending.Remove(partition, out var held) ? held : [];
                    ledger.Committed(partition, ids);
                    foreach (var committedId in ids.Where(i => !committed.Contains(i)))
                    {
                        committed.Add(committedId);
                        if (committed.Count > capacity)
                        {
                            committed.RemoveAt(0);
                        }
                    }
                }
                else
                {
                    ledger.Forget(partition);
                    pending.Remove(partition);
                }

                ledger.PendingCount.ShouldBe(pending.Values.Sum(ids => ids.Count));
            }
        });
    }

    [Fact]
    public void Committed_IdReservedOnAnotherPartitionAfterAHandOver_KeepsThatReservation()
    {
        var ledger = new EventIdLedger(capacity: 10);
        ledger.TryReserve(0, "e").ShouldBeTrue();
        ledger.Forget(0);
        ledger.TryReserve(1, "e").ShouldBeTrue("partition 0's reservation was forgotten");

        // Partition 0's old range is committed after all (it was stored before the hand-over completed).
        ledger.Committed(0, ["e"]);

        ledger.PendingCount.ShouldBe(1, "partition 1 still holds its copy uncommitted");
        ledger.TryReserve(2, "e").ShouldBeFalse();
    }

    [Fact]
    public void Seed_StoredIds_AreDuplicatesOnEveryPartition()
    {
        var ledger = new EventIdLedger(capacity: 10);
        ledger.Seed(["a", "b"]);

        ledger.TryReserve(3, "a").ShouldBeFalse();
        ledger.TryReserve(4, "b").ShouldBeFalse();
        ledger.TryReserve(4, "c").ShouldBeTrue();
    }

    [Fact]
    public void Key_IsStableAndTellsIdsApart()
    {
        EventIdLedger.Key("8f3c").ShouldBe(EventIdLedger.Key(new string("8f3c".AsSpan())));
        EventIdLedger.Key("8f3c").ShouldNotBe(EventIdLedger.Key("8f3d"));
        EventIdLedger.Key("").ShouldNotBe(EventIdLedger.Key("\0"));
    }
}
