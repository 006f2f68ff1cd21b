using System.Text.Json;
using CyberAgg.Api.Health;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Health;

/// <summary>Alliance health over the seeded events: per partner for everyone with rates, per sensor only for the partner itself and operators.</summary>
[Collection(ApiCollection.Name)]
public sealed class AllianceHealthTests(ApiFixture fixture)
{
    [Fact]
    public async Task Health_Operator_SeesEveryPartnerWithLastEventTime()
    {
        using var admin = fixture.As(TestConfig.AdminToken);
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/api/health/partners"));
        var partners = doc.RootElement.GetProperty("partners").EnumerateArray().ToDictionary(p => p.GetProperty("summary").GetProperty("partner").GetString()!);
        partners.Keys.ShouldContain("ee-cert");
        var ee = partners["ee-cert"];
        ee.GetProperty("summary").GetProperty("last_event_at").GetDateTimeOffset().ShouldBe(Seed.T0.AddMinutes(-3));
        ee.GetProperty("sensors").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Health_Partner_GetsNoSensorsOfOthers()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var doc = JsonDocument.Parse(await lv.GetStringAsync("/api/health/partners"));
        foreach (var p in doc.RootElement.GetProperty("partners").EnumerateArray())
        {
            var id = p.GetProperty("summary").GetProperty("partner").GetString();
            if (id != "lv-cert")
            {
                p.GetProperty("sensors").GetArrayLength().ShouldBe(0, id);
            }
        }
    }

    [Theory]
    [InlineData(0, 0, "idle")]
    [InlineData(5, 0, "ok")]
    [InlineData(0, 3, "silent")]
    [InlineData(1, 10, "quiet")]
    [InlineData(10, 10, "ok")]
    public void State_RecentAgainstBaseline_IsClassified(long recent, double baseline, string expected) =>
        HealthStates.Of(recent, baseline).ShouldBe(expected);
}
