using System.Net;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Pivot;

/// <summary>The pivot from an indicator: alerts as the sharing policy releases them, raw sightings only of the caller's own events.</summary>
[Collection(ApiCollection.Name)]
public sealed class PivotTests(ApiFixture fixture)
{
    private static async Task<JsonDocument> GetAsync(HttpClient client, string value) =>
        JsonDocument.Parse(await client.GetStringAsync("/api/pivot?value=" + Uri.EscapeDataString(value)));

    [Fact]
    public async Task Pivot_Operator_SeesAlertsAndSightingsOfEveryPartner()
    {
        using var admin = fixture.As(TestConfig.AdminToken);
        using var doc = await GetAsync(admin, "203.0.113.7");
        doc.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("alert_id").GetString()).ShouldContain(Seed.Shared.AlertId);
        var partners = doc.RootElement.GetProperty("sightings").EnumerateArray().Select(s => s.GetProperty("partner").GetString()).ToArray();
        partners.ShouldContain("ee-cert");
        partners.ShouldContain("lv-cert");
    }

    [Fact]
    public async Task Pivot_Partner_SightingsOnlyOfItsOwnEvents()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var doc = await GetAsync(lv, "203.0.113.7");
        doc.RootElement.GetProperty("sightings").EnumerateArray().Select(s => s.GetProperty("partner").GetString()).ShouldBe(["lv-cert"]);
        doc.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("alert_id").GetString()).ShouldContain(Seed.Shared.AlertId);
    }

    [Fact]
    public async Task Pivot_PseudonymisedValue_ConfirmsNothing()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var doc = await GetAsync(lv, "alice");
        doc.RootElement.GetProperty("alerts").GetArrayLength().ShouldBe(0);
        doc.RootElement.GetProperty("sightings").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/pivot")]
    [InlineData("/api/pivot?value=")]
    [InlineData("/api/pivot?value=a&value=b")]
    [InlineData("/api/pivot?value=a%00b")]
    [InlineData("/api/pivot?indicator=a")]
    public async Task Pivot_BadQuery_Is400(string path)
    {
        using var ee = fixture.As(TestConfig.EeToken);
        (await ee.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
