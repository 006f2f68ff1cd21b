using System.Net;
using System.Net.Http.Headers;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Alerts;

[Collection(ApiCollection.Name)]
public sealed class AuthenticationTests(ApiFixture fixture)
{
    public static TheoryData<string> Endpoints => new()
    {
        "/api/alerts", "/api/alerts/seed-shared", "/api/alerts/seed-shared/stix", "/api/alerts/stream", "/api/stats",
        "/api/stats/shared-indicators", "/api/me", "/api/partners", "/api/audit?alert_id=seed-shared",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Get_NoCredential_Is401ProblemWithChallenge(string path)
    {
        using var client = fixture.Anonymous();

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("Bearer cyb_not-a-real-token")]
    [InlineData("Bearer ")]
    [InlineData("Basic ZWUtY2VydDpzZWNyZXQ=")]
    [InlineData("cyb_ee-token-0123456789abcdefghijklmnopqrstuvwxyz")]
    public async Task Get_InvalidCredential_Is401(string header)
    {
        using var client = fixture.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_NoCredential_Is401()
    {
        using var client = fixture.Anonymous();

        (await client.PostAsync("/api/alerts/seed-shared/ack", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Audit_Partner_Is403_Operator_Is200()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var admin = fixture.As(TestConfig.AdminToken);

        var forbidden = await lv.GetAsync("/api/audit?alert_id=seed-shared");

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forbidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await admin.GetAsync("/api/audit?alert_id=seed-shared")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Me_ReturnsThePrincipalOfTheToken()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var body = await lv.GetStringAsync("/api/me");

        body.ShouldContain("\"id\":\"lv-cert\"");
        body.ShouldContain("\"role\":\"partner\"");
    }

    [Fact]
    public async Task Get_TokenInQueryString_IsNotAccepted()
    {
        using var client = fixture.Anonymous();

        (await client.GetAsync("/api/alerts?access_token=" + TestConfig.EeToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_TwoAuthorizationHeaders_Is401()
    {
        using var client = fixture.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestConfig.EeToken);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + TestConfig.AdminToken);

        (await client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
