using System.Net;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Alerts;

[Collection(ApiCollection.Name)]
public sealed class FilterInjectionTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("q", "' OR 1=1 --")]
    [InlineData("q", "x') OR (1=1) OR ('")]
    [InlineData("q", "}{all:UInt8} = 1 OR {me:String}")]
    [InlineData("q", "%' UNION ALL SELECT * FROM system.tables --")]
    [InlineData("rule", "rule-cross-border' OR '1'='1")]
    [InlineData("rule", "x\\' OR 1=1 --")]
    public async Task ListAlerts_InjectionInTextFilters_IsAValueNotSql(string parameter, string value)
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var response = await lv.GetAsync($"/api/alerts?{parameter}={Uri.EscapeDataString(value)}&limit=500");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        doc.RootElement.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("country", "EE' OR '1'='1")]
    [InlineData("partner", "ee-cert' OR 1=1")]
    [InlineData("level", "high,critical') OR 1=1 --")]
    [InlineData("status", "new; DROP TABLE cyberagg.alerts")]
    [InlineData("kind", "cross-border' --")]
    [InlineData("from", "2026-01-01' OR 1=1")]
    [InlineData("limit", "10; SELECT 1")]
    [InlineData("limit", "0")]
    [InlineData("limit", "100000")]
    [InlineData("cursor", "AAAA' OR 1=1")]
    [InlineData("cursor", "MTIzfHgnIE9SIDE9MQ")]
    [InlineData("order", "raised_at")]
    [InlineData("q", "")]
    public async Task ListAlerts_MalformedStructuredFilter_Is400NamingTheParameter(string parameter, string value)
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var response = await lv.GetAsync($"/api/alerts?{parameter}={Uri.EscapeDataString(value)}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(parameter);
    }

    [Fact]
    public async Task ListAlerts_TextSearchForAPseudonymisedValue_FindsNothing()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var ee = fixture.As(TestConfig.EeToken);

        // A search is not an oracle: lv cannot confirm that ee's pseudonymised user is 'alice'.
        (await lv.GetStringAsync("/api/alerts?q=alice")).ShouldContain("\"items\":[]");
        (await ee.GetStringAsync("/api/alerts?q=alice")).ShouldContain("seed-ee-user");
    }

    [Fact]
    public async Task ListAlerts_Filters_Combine()
    {
        using var admin = fixture.As(TestConfig.AdminToken);

        var body = await admin.GetStringAsync($"/api/alerts?level=high&country=EE&partner=lv-cert&kind=cross-border&status=new&rule=rule-cross-border&q=seeded&{Seed.Window()}");

        using var doc = JsonDocument.Parse(body);
        doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alert_id").GetString()).Order()
            .ShouldBe(["seed-mixed-red", "seed-shared"]);
    }

    [Fact]
    public async Task ListAlerts_CursorPaging_VisitsEveryVisibleAlertOnce()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var body = await ee.GetStringAsync($"/api/alerts?limit=1&{Seed.Window()}" + (cursor is null ? "" : "&cursor=" + cursor));
            using var doc = JsonDocument.Parse(body);
            seen.AddRange(doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alert_id").GetString()!));
            cursor = doc.RootElement.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && seen.Count < 50);

        seen.Where(s => s.StartsWith("seed-", StringComparison.Ordinal)).ShouldBe(["seed-ee-user", "seed-ee-strict", "seed-ee-red", "seed-shared"]);
    }
}
