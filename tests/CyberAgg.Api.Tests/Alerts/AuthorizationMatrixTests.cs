using System.Net;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Alerts;

[Collection(ApiCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiFixture fixture)
{
    private static async Task<string[]> SeededIdsAsync(HttpClient client)
    {
        var json = await client.GetStringAsync("/api/alerts?limit=500&" + Seed.Window());
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alert_id").GetString()!).Where(id => id.StartsWith("seed-", StringComparison.Ordinal)).Order().ToArray();
    }

    [Fact]
    public async Task ListAlerts_EachPrincipal_SeesExactlyWhatTheAgreementsGive()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        using var lv = fixture.As(TestConfig.LvToken);
        using var lt = fixture.As(TestConfig.LtToken);
        using var admin = fixture.As(TestConfig.AdminToken);

        (await SeededIdsAsync(ee)).ShouldBe(["seed-ee-red", "seed-ee-strict", "seed-ee-user", "seed-shared"]);
        (await SeededIdsAsync(lv)).ShouldBe(["seed-ee-user", "seed-shared"]);
        (await SeededIdsAsync(lt)).ShouldBe(["seed-lt-only"]);
        (await SeededIdsAsync(admin)).ShouldBe(Seed.All.Select(a => a.AlertId).Order().ToArray());
    }

    [Fact]
    public async Task ListAlerts_ForeignPartner_NeverGetsPersonalOrStrictData()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var body = await lv.GetStringAsync("/api/alerts?limit=500");

        foreach (var secret in Seed.SecretsOfEe)
        {
            body.ShouldNotContain(secret);
        }

        body.ShouldContain("pn:k2026a:");
    }

    [Theory]
    [InlineData("seed-ee-red")]
    [InlineData("seed-ee-strict")]
    [InlineData("seed-mixed-red")]
    [InlineData("seed-lt-only")]
    [InlineData("does-not-exist")]
    public async Task GetAlert_NotVisible_IsNotFoundLikeAMissingOne(string id)
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var detail = await lv.GetAsync($"/api/alerts/{id}");
        var stix = await lv.GetAsync($"/api/alerts/{id}/stix");

        detail.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        detail.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        stix.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await detail.Content.ReadAsStringAsync()).ShouldNotContain("198.51.100");
    }

    [Fact]
    public async Task GetAlert_SharedAlert_EvidenceIsScopedAndPseudonymised()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var ee = fixture.As(TestConfig.EeToken);

        var lvBody = await lv.GetStringAsync("/api/alerts/seed-shared");
        var eeBody = await ee.GetStringAsync("/api/alerts/seed-shared");

        using var lvDoc = JsonDocument.Parse(lvBody);
        var evidence = lvDoc.RootElement.GetProperty("evidence").EnumerateArray().ToDictionary(e => e.GetProperty("event_id").GetString()!);
        evidence.Keys.Order().ShouldBe(["ev-ee-1", "ev-lv-1"]);
        evidence["ev-ee-1"].GetProperty("user_name").GetString()!.ShouldStartWith("pn:");
        evidence["ev-ee-1"].GetProperty("message").ValueKind.ShouldBe(JsonValueKind.Null);
        evidence["ev-lv-1"].GetProperty("user_name").GetString().ShouldBe("bob");
        lvDoc.RootElement.GetProperty("evidence_withheld").GetInt32().ShouldBe(1);
        foreach (var secret in Seed.SecretsOfEe)
        {
            lvBody.ShouldNotContain(secret);
        }

        // The owner sees its own evidence in full, RED included, and lv's pseudonymised.
        eeBody.ShouldContain("alice");
        eeBody.ShouldContain("ev-ee-red");
        eeBody.ShouldNotContain("\"bob\"");
    }

    [Fact]
    public async Task Stats_Partner_SeesOwnAndAgreedPartnersOnly()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var admin = fixture.As(TestConfig.AdminToken);
        var window = Seed.Window(2, 2);

        var lvBody = await lv.GetStringAsync("/api/stats?" + window);
        var adminBody = await admin.GetStringAsync("/api/stats?" + window);

        using var doc = JsonDocument.Parse(adminBody);
        doc.RootElement.GetProperty("by_partner").EnumerateArray().Select(s => s.GetProperty("key").GetString()).Order().ShouldBe(["ee-cert", "fr-cert", "lv-cert"]);
        // fr-cert is in no agreement (not even configured), so its rates stay with the operators.
        using var lvDoc = JsonDocument.Parse(lvBody);
        lvDoc.RootElement.GetProperty("by_partner").EnumerateArray().Select(s => s.GetProperty("key").GetString()).Order().ShouldBe(["ee-cert", "lv-cert"]);
    }

    [Fact]
    public async Task SharedIndicators_Partner_CountsOnlyVisibleCrossBorderAlerts()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var body = await lv.GetStringAsync("/api/stats/shared-indicators?" + Seed.Window());

        using var doc = JsonDocument.Parse(body);
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray().Select(c => (c.GetProperty("from").GetString(), c.GetProperty("to").GetString(), c.GetProperty("indicators").GetInt32())).ToArray();
        cells.ShouldContain(c => c.Item1 == "EE" && c.Item2 == "LV" && c.Item3 >= 1);
        body.ShouldNotContain("198.51.100");
    }
}
