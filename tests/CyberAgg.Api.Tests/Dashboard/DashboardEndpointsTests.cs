using System.Net;
using System.Net.Http.Headers;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Dashboard;

/// <summary>The sign-in probe answers 200 either way (no 401 in the browser console); the stats extent follows the caller's scope.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardEndpointsTests(ApiFixture fixture)
{
    [Theory]
    [InlineData(null, "No token was sent")]
    [InlineData("cyb_wrong-token-0123456789abcdefghijklmnopqrstu", "not accepted")]
    public async Task Session_WithoutAValidToken_Is200SignedInFalseWithAReason(string? token, string reason)
    {
        using var client = fixture.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/session");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("\"signed_in\":false");
        body.ShouldContain(reason);
    }

    [Fact]
    public async Task Session_ValidToken_NamesThePrincipal()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        var body = await (await lv.PostAsync("/api/session", null)).Content.ReadAsStringAsync();
        body.ShouldContain("\"signed_in\":true");
        body.ShouldContain("\"id\":\"lv-cert\"");
    }

    [Fact]
    public async Task Extent_SeededEvents_CoversTheirMinutes()
    {
        using var admin = fixture.As(TestConfig.AdminToken);
        using var doc = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync("/api/stats/extent"));
        doc.RootElement.GetProperty("from").GetDateTimeOffset().ShouldBeLessThanOrEqualTo(Seed.T0.AddMinutes(-5));
        doc.RootElement.GetProperty("to").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(Seed.T0.AddMinutes(-1));
        (await admin.GetAsync("/api/stats/extent?from=x")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
