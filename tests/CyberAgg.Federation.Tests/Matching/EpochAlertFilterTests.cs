using CyberAgg.Events.Alerts;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Matching;

namespace CyberAgg.Federation.Tests.Matching;

public sealed class EpochAlertFilterTests
{
    private static readonly EpochSchedule Schedule = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
    private static readonly DateTimeOffset Boundary = Schedule.StartOf(500_000);

    private static Alert At(DateTimeOffset first) => new()
    {
        AlertId = Guid.NewGuid().ToString("N"), RuleId = "r", RuleTitle = "r", Level = "high", Kind = AlertKinds.CrossBorder,
        RaisedAt = first, FirstSeen = first, LastSeen = first, GroupKey = "", GroupFields = new Dictionary<string, string>(),
        Countries = ["EE", "LV"], Partners = [], EventCount = 2, EvidenceEventIds = [], Tlp = "AMBER",
    };

    [Fact]
    public void Keep_WindowStraddlingBoundary_OldTokenKept_NewTokenCopyDropped()
    {
        var filter = new EpochAlertFilter(Schedule);
        filter.Learn("old", 499_999, null);
        filter.Learn("new", 500_000, "old");
        filter.Keep(At(Boundary.AddMinutes(-3)), "old", TimeSpan.FromMinutes(15)).ShouldBeTrue();
        filter.Keep(At(Boundary.AddMinutes(2)), "new", TimeSpan.FromMinutes(15)).ShouldBeFalse("the old token's window covers it");
    }

    [Fact]
    public void Keep_WindowWhollyAfterBoundary_NewTokenKept_CarriedCopyDropped()
    {
        var filter = new EpochAlertFilter(Schedule);
        filter.Learn("new", 500_000, "old");
        filter.Keep(At(Boundary.AddMinutes(1)), "old", TimeSpan.FromMinutes(15)).ShouldBeFalse("only carried copies: the epoch it belongs to has ended");
        filter.Keep(At(Boundary.AddMinutes(1)), "new", TimeSpan.FromMinutes(15)).ShouldBeTrue();
    }

    [Fact]
    public void Keep_NewTokenAfterOldWindowEnded_Kept()
    {
        var filter = new EpochAlertFilter(Schedule);
        filter.Learn("new", 500_000, "old");
        filter.Learn("old", 499_999, null);
        filter.Keep(At(Boundary.AddMinutes(-20)), "old", TimeSpan.FromMinutes(15)).ShouldBeTrue();
        filter.Keep(At(Boundary.AddMinutes(1)), "new", TimeSpan.FromMinutes(15)).ShouldBeTrue();
    }
}
