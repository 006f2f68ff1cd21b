using CyberAgg.Federation.Matching;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Federation.Tests.Matching;

public sealed class ReplayGuardTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private AllianceBatch Batch(long sequence, string incarnation = "a", TimeSpan? age = null) => new()
    {
        Node = "ee-node",
        Incarnation = incarnation,
        Sequence = sequence,
        CreatedAt = (time.GetUtcNow() - (age ?? TimeSpan.Zero)).ToUnixTimeMilliseconds(),
        Watermark = 0,
        Records = [],
    };

    [Fact]
    public void Admit_SameBatchTwice_SecondIsReplay()
    {
        var guard = new ReplayGuard(TimeSpan.FromDays(2), time);
        guard.Admit("t", Batch(1)).ShouldBeNull();
        guard.Admit("t", Batch(2)).ShouldBeNull();
        guard.Admit("t", Batch(2)).ShouldBe(ReplayGuard.Replay);
        guard.Admit("t", Batch(1)).ShouldBe(ReplayGuard.Replay);
    }

    [Theory]
    [InlineData(long.MaxValue, ReplayGuard.Future)]
    [InlineData(long.MinValue, ReplayGuard.Stale)]
    public void Admit_CreationTimeNoDateCanHold_RefusedNotThrown(long createdAt, string reason)
    {
        var guard = new ReplayGuard(TimeSpan.FromDays(2), time);

        guard.Admit("t", Batch(1) with { CreatedAt = createdAt }).ShouldBe(reason);
    }

    [Fact]
    public void Admit_NewIncarnationOrOtherTopic_CountsOnItsOwn()
    {
        var guard = new ReplayGuard(TimeSpan.FromDays(2), time);
        guard.Admit("t", Batch(5)).ShouldBeNull();
        guard.Admit("t", Batch(1, "b")).ShouldBeNull("a restarted publisher starts a new incarnation");
        guard.Admit("u", Batch(5)).ShouldBeNull();
    }

    [Fact]
    public void Admit_OlderThanMaxAgeOrFromTheFuture_Refused()
    {
        var guard = new ReplayGuard(TimeSpan.FromHours(1), time);
        guard.Admit("t", Batch(1, age: TimeSpan.FromMinutes(61))).ShouldBe(ReplayGuard.Stale);
        guard.Admit("t", Batch(2, age: TimeSpan.FromMinutes(-6))).ShouldBe(ReplayGuard.Future);
        guard.Admit("t", Batch(3, age: TimeSpan.FromMinutes(59))).ShouldBeNull();
        time.Advance(TimeSpan.FromMinutes(2));
        guard.Admit("t", Batch(3)).ShouldBe(ReplayGuard.Replay);
    }
}
