using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Alerts;

[Collection(ApiCollection.Name)]
public sealed class StatusChangeTests(ApiFixture fixture)
{
    private async Task<Alert> NewAlertAsync(string[] partners)
    {
        var alert = Seed.Make("status-" + Guid.NewGuid().ToString("N")[..12], "AMBER", AlertKinds.CrossBorder, partners, new() { ["source.ip"] = "203.0.113.50" }, [], 20);
        await fixture.StoreAsync(alert);
        return alert;
    }

    [Fact]
    public async Task AckAssignClose_Owner_EachIsANewVersionWithAnAuditRow()
    {
        var alert = await NewAlertAsync(["ee-cert", "lv-cert"]);
        using var ee = fixture.As(TestConfig.EeToken);
        using var lv = fixture.As(TestConfig.LvToken);
        using var admin = fixture.As(TestConfig.AdminToken);

        (await ee.PostAsync($"/api/alerts/{alert.AlertId}/ack", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await lv.PostAsJsonAsync($"/api/alerts/{alert.AlertId}/assign", new { assignee = "analyst.kask" })).Content.ReadAsStringAsync()).ShouldContain("\"status\":\"assigned\"");
        (await ee.PostAsJsonAsync($"/api/alerts/{alert.AlertId}/close", new { note = "blocked at the border" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var detail = await ee.GetStringAsync($"/api/alerts/{alert.AlertId}");
        detail.ShouldContain("\"status\":\"closed\"");
        detail.ShouldContain("\"assignee\":\"analyst.kask\"");
        using var audit = JsonDocument.Parse(await admin.GetStringAsync($"/api/audit?alert_id={alert.AlertId}"));
        var actions = audit.RootElement.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("action").GetString(), r.GetProperty("actor").GetString())).ToArray();
        actions.ShouldContain(("ack", "ee-cert"));
        actions.ShouldContain(("assign", "lv-cert"));
        actions.ShouldContain(("close", "ee-cert"));
    }

    [Fact]
    public async Task Ack_VisibleButNotOwner_Is403()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        // lv sees ee's correlation under an agreement, but did not contribute to it.
        (await lv.PostAsync("/api/alerts/seed-ee-user/ack", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Ack_NotVisible_Is404()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        (await lv.PostAsync("/api/alerts/seed-ee-red/ack", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("assign", "{}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("assign", "{\"assignee\": 42}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("ack", "{\"assignee\": \"x\", \"role\": \"admin\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("ack", "not json", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("ack", "[1,2,3]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("ack", "{\"note\": {\"a\": {\"b\": {\"c\": {\"d\": 1}}}}}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("ack", "{\"note\": \"x\"}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("assign", "{\"assignee\": \"a\\u0000b\"}", "application/json", HttpStatusCode.BadRequest)]
    public async Task Change_HostileBody_IsRefused(string action, string body, string contentType, HttpStatusCode expected)
    {
        var alert = await NewAlertAsync(["ee-cert"]);
        using var ee = fixture.As(TestConfig.EeToken);

        var response = await ee.PostAsync($"/api/alerts/{alert.AlertId}/{action}", new StringContent(body, Encoding.UTF8, contentType));

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Change_OversizedBody_Is413()
    {
        using var ee = fixture.As(TestConfig.EeToken);

        var response = await ee.PostAsync("/api/alerts/seed-ee-red/close", new StringContent("{\"note\":\"" + new string('x', 200_000) + "\"}", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }
}
