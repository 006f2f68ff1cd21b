using System.Net;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class OperationalEndpointsTests(ApiFixture fixture)
{
    [Fact]
    public async Task Healthz_And_Readyz_AnswerWithoutCredentials()
    {
        using var client = fixture.Anonymous();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_ExposesApiAndSharingInstrumentsInPrometheusFormat()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        await ee.GetStringAsync("/api/alerts");
        await ee.GetStringAsync("/api/alerts/seed-shared");
        using var client = fixture.Anonymous();

        var text = await client.GetStringAsync("/metrics");

        text.ShouldContain("cyberagg_api_query_duration_seconds");
        text.ShouldContain("cyberagg_sharing_releases");
        text.ShouldContain("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task OpenApi_DocumentListsTheEndpoints()
    {
        using var client = fixture.Anonymous();

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        paths.ShouldContain("/api/alerts");
        paths.ShouldContain("/api/alerts/{id}");
        paths.ShouldContain("/api/alerts/stream");
        paths.ShouldContain("/api/alerts/{id}/stix");
        paths.ShouldContain("/api/alerts/{id}/ack");
        paths.ShouldContain("/api/stats");
    }

    [Fact]
    public async Task Dashboard_IsServedLocallyWithAStrictContentSecurityPolicy()
    {
        using var client = fixture.Anonymous();

        var response = await client.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("default-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
    }
}
