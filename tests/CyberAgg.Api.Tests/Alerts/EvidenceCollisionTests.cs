using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Alerts;

/// <summary>Evidence is looked up by owner and event id: a partner's colliding ids never show someone else's events.</summary>
[Collection(ApiCollection.Name)]
public sealed class EvidenceCollisionTests(ApiFixture fixture)
{
    private static async Task<string[]> EvidenceAsync(HttpClient client, string alertId)
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/alerts/{alertId}"));
        return doc.RootElement.GetProperty("evidence").EnumerateArray()
            .Select(e => $"{e.GetProperty("partner").GetString()}/{e.GetProperty("event_id").GetString()}/{e.GetProperty("user_name").GetString()}")
            .Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task GetAlert_OwnAlertCitingAnotherPartnersEventId_ShowsOnlyOwnEvent()
    {
        var id = "ev-collide-" + Guid.NewGuid().ToString("N")[..8];
        var t = Seed.T0.AddMinutes(-30);
        // ee's event is older, so a lookup by id alone (ordered by time, first wins) showed it in place of lv's.
        await fixture.StoreEventsAsync((id, t, "ee-cert", "EE", "authentication", "AMBER", "alice"), (id, t.AddMinutes(1), "lv-cert", "LV", "authentication", "AMBER", "bob"));
        var alert = Seed.Make("col-" + id, "AMBER", AlertKinds.Correlation, ["lv-cert"], new() { ["user.name"] = "bob" }, [id], 20);
        await fixture.StoreAsync(alert);
        using var lv = fixture.As(TestConfig.LvToken);

        (await EvidenceAsync(lv, alert.AlertId)).ShouldBe([$"lv-cert/{id}/bob"]);
    }

    [Fact]
    public async Task GetAlert_OwnAlertCitingOnlyAnotherPartnersEventId_ShowsNoEvidence()
    {
        var id = "ev-foreign-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.StoreEventsAsync((id, Seed.T0.AddMinutes(-30), "ee-cert", "EE", "authentication", "AMBER", "alice"));
        var alert = Seed.Make("col-" + id, "AMBER", AlertKinds.Correlation, ["lv-cert"], new(), [id], 21);
        await fixture.StoreAsync(alert);
        using var lv = fixture.As(TestConfig.LvToken);
        using var admin = fixture.As(TestConfig.AdminToken);

        (await EvidenceAsync(lv, alert.AlertId)).ShouldBeEmpty();
        (await EvidenceAsync(admin, alert.AlertId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetAlert_SharedAlertWithCollidingIds_ShowsEachOwnersEventUnderItsOwner()
    {
        var id = "ev-xb-" + Guid.NewGuid().ToString("N")[..8];
        var t = Seed.T0.AddMinutes(-30);
        await fixture.StoreEventsAsync((id, t, "ee-cert", "EE", "authentication", "AMBER", "alice"), (id, t.AddMinutes(1), "lv-cert", "LV", "authentication", "AMBER", "bob"));
        var alert = Seed.Make("col-" + id, "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.9" }, [id], 22);
        await fixture.StoreAsync(alert);
        using var admin = fixture.As(TestConfig.AdminToken);

        (await EvidenceAsync(admin, alert.AlertId)).ShouldBe([$"ee-cert/{id}/alice", $"lv-cert/{id}/bob"]);
    }
}
