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

    [Fact]
    public async Task Health_Partner_CountsAnothersEventsOnlyAtTlpsItsAgreementsRelease()
    {
        // ee's newest events, RED and an unreadable label: ee-to-lv releases AMBER and below, so lv must not see them.
        var t = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        await fixture.StoreEventsAsync(("health-ee-red", t, "ee-cert", "EE", "network", "RED", ""), ("health-ee-purple", t, "ee-cert", "EE", "network", "PURPLE", ""));

        (await LastEventAsync(TestConfig.AdminToken, "ee-cert")).ShouldBe(t);
        (await LastEventAsync(TestConfig.EeToken, "ee-cert")).ShouldBe(t, "the owner sees its own events at every TLP");
        var lv = await LastEventAsync(TestConfig.LvToken, "ee-cert");
        lv.ShouldNotBeNull("lv sees ee's AMBER events");
        lv.Value.ShouldBeLessThan(t);
        // all-to-lt releases GREEN of anyone: ee is listed for lt, its RED event is not counted.
        ((await LastEventAsync(TestConfig.LtToken, "ee-cert")) ?? DateTimeOffset.MinValue).ShouldBeLessThan(t);
    }

    private async Task<DateTimeOffset?> LastEventAsync(string token, string partner)
    {
        using var client = fixture.As(token);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/health/partners"));
        var entry = doc.RootElement.GetProperty("partners").EnumerateArray().Select(p => p.GetProperty("summary"))
            .FirstOrDefault(s => s.GetProperty("partner").GetString() == partner);
        entry.ValueKind.ShouldNotBe(JsonValueKind.Undefined, $"{partner} is missing from the health seen with {token[..8]}");

        var last = entry.GetProperty("last_event_at");
        return last.ValueKind == JsonValueKind.Null ? null : last.GetDateTimeOffset();
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
