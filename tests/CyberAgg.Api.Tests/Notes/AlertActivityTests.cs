using System.Net;
using System.Text;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Notes;

/// <summary>Notes and status history: audited, visible under the same agreements as the alert, assignees only for owners.</summary>
[Collection(ApiCollection.Name)]
public sealed class AlertActivityTests(ApiFixture fixture)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AddNote_SharedAlert_IsAuditedAndVisibleToEveryoneItIsSharedWith()
    {
        var alert = Seed.Make("note-" + Guid.NewGuid().ToString("N")[..8], "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.171" }, [], 0);
        await fixture.StoreAsync(alert);
        using var ee = fixture.As(TestConfig.EeToken);
        using var lv = fixture.As(TestConfig.LvToken);
        using var lt = fixture.As(TestConfig.LtToken);
        using var admin = fixture.As(TestConfig.AdminToken);

        (await ee.PostAsync($"/api/alerts/{alert.AlertId}/notes", Json("""{"text":"Firewall rule deployed"}"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ee.PostAsync($"/api/alerts/{alert.AlertId}/assign", Json("""{"assignee":"Mari Tamm"}"""))).EnsureSuccessStatusCode();

        var lvView = await lv.GetStringAsync($"/api/alerts/{alert.AlertId}/activity");
        lvView.ShouldContain("Firewall rule deployed");
        using (var doc = JsonDocument.Parse(await ee.GetStringAsync($"/api/alerts/{alert.AlertId}/activity")))
        {
            doc.RootElement.GetProperty("history")[0].GetProperty("detail").GetString().ShouldBe("assignee=Mari Tamm");
            doc.RootElement.GetProperty("can_change_status").GetBoolean().ShouldBeTrue();
        }

        // lt has no agreement for this alert: it does not exist for lt.
        (await lt.GetAsync($"/api/alerts/{alert.AlertId}/activity")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await lt.PostAsync($"/api/alerts/{alert.AlertId}/notes", Json("""{"text":"probe"}"""))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The note is in the audit trail operators read.
        (await admin.GetStringAsync($"/api/audit?alert_id={alert.AlertId}")).ShouldContain("Firewall rule deployed");
    }

    [Fact]
    public async Task Activity_ForeignViewer_DoesNotSeeTheAssigneeName()
    {
        var alert = Seed.Make("note-fv-" + Guid.NewGuid().ToString("N")[..8], "AMBER", AlertKinds.Correlation, ["ee-cert"], new() { ["user.name"] = "alice" }, [], 0);
        await fixture.StoreAsync(alert);
        using var ee = fixture.As(TestConfig.EeToken);
        using var lv = fixture.As(TestConfig.LvToken);
        (await ee.PostAsync($"/api/alerts/{alert.AlertId}/assign", Json("""{"assignee":"Mari Tamm"}"""))).EnsureSuccessStatusCode();

        var view = await lv.GetStringAsync($"/api/alerts/{alert.AlertId}/activity");
        view.ShouldContain("\"assign\"");
        view.ShouldNotContain("Mari Tamm");
        view.ShouldContain("\"can_change_status\":false");
    }

    [Theory]
    [InlineData("""{"text":""}""")]
    [InlineData("""{"text":"a","extra":"b"}""")]
    [InlineData("""{"note":"a"}""")]
    [InlineData("""{"text":"bell\u0007"}""")]
    [InlineData("""not json""")]
    [InlineData("""["text"]""")]
    public async Task AddNote_BadBody_Is400NamingTheField(string body)
    {
        using var ee = fixture.As(TestConfig.EeToken);
        var response = await ee.PostAsync($"/api/alerts/{Seed.Shared.AlertId}/notes", Json(body));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldMatch("text|body");
    }

    [Fact]
    public async Task AddNote_TooLong_Is400()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        var response = await ee.PostAsync($"/api/alerts/{Seed.Shared.AlertId}/notes", Json($$"""{"text":"{{new string('x', 2001)}}"}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
