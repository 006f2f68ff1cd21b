using CsCheck;
using CyberAgg.Rules.Correlation.State;

namespace CyberAgg.Rules.Tests.Correlation.State;

/// <summary>
/// Recency stamps against a model: the linked list the rule state kept before, every update moving its group to the
/// end and eviction taking the first.
/// </summary>
public sealed class RecencyOrderTests
{
    // 0: update (or create) a group; 1: evict the least recently updated; 2: drop a group (expiry); 3: trim.
    private static readonly Gen<(int Op, int Key)> GenStep = Gen.Select(Gen.Frequency((6, Gen.Const(0)), (2, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3))), Gen.Int[0, 30]);

    [Fact]
    public void Oldest_RandomUpdatesEvictionsAndDrops_SameGroupAsTheLinkedList()
    {
        GenStep.Array[0, 400].Sample(
            steps =>
            {
                var groups = new Dictionary<int, GroupState>();
                var order = new RecencyOrder(groups.Values);
                var model = new LinkedList<int>();
                foreach (var (op, key) in steps)
                {
                    switch (op)
                    {
                        case 0:
                            if (!groups.TryGetValue(key, out var group))
                            {
                                groups[key] = group = new GroupState(key.ToString(System.Globalization.CultureInfo.InvariantCulture), [], 0, 0, 1);
                            }

                            order.Touch(group);
                            model.Remove(key);
                            model.AddLast(key);
                            break;
                        case 1 when groups.Count > 0:
                            var oldest = order.Oldest();
                            oldest.Key.ShouldBe(model.First!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                            Drop(groups, model, model.First.Value);
                            break;
                        case 2 when groups.ContainsKey(key):
                            Drop(groups, model, key);
                            break;
                        case 3:
                            order.Trim(groups.Count, 8);
                            break;
                    }
                }
            },
            iter: 500);
    }

    [Fact]
    public void Touch_ManyUpdatesOfFewGroupsWhileTracking_QueueStaysBounded()
    {
        var groups = new Dictionary<int, GroupState>();
        var order = new RecencyOrder(groups.Values);
        for (var key = 0; key < 4; key++)
        {
            groups[key] = new GroupState(key.ToString(System.Globalization.CultureInfo.InvariantCulture), [], 0, 0, 1);
            order.Touch(groups[key]);
        }

        order.Oldest().Key.ShouldBe("0");
        groups[0].Live = false;
        groups.Remove(0);
        for (var i = 0; i < 10_000; i++)
        {
            order.Touch(groups[1 + (i % 3)]);
        }

        order.Tracking.ShouldBeTrue();
        order.QueueLength.ShouldBeLessThanOrEqualTo((2 * groups.Count) + 64 + 1);
        // The last updates were 1, 2, 3, 1 (i = 9996 .. 9999): 2 is now the least recent.
        order.Oldest().Key.ShouldBe("2");
    }

    private static void Drop(Dictionary<int, GroupState> groups, LinkedList<int> model, int key)
    {
        groups[key].Live = false;
        groups.Remove(key);
        model.Remove(key);
    }
}
