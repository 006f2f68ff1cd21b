using System.Net;
using System.Net.Sockets;
using System.Text;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("/api/alerts/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/alerts/%27%20OR%201%3D1")]
    [InlineData("/api/alerts/x%00y")]
    [InlineData("/api/alerts/seed-shared%0d%0aX-Injected:%201/stix")]
    public async Task GetAlert_HostileId_Is400Or404Problem(string path)
    {
        using var ee = fixture.As(TestConfig.EeToken);

        var response = await ee.GetAsync(path);

        ((int)response.StatusCode).ShouldBeOneOf(400, 404);
        response.Headers.Contains("X-Injected").ShouldBeFalse();
    }

    [Fact]
    public async Task GetAlert_IdOf10000Characters_Is400()
    {
        using var ee = fixture.As(TestConfig.EeToken);

        ((int)(await ee.GetAsync("/api/alerts/" + new string('a', 5000))).StatusCode).ShouldBeOneOf(400, 414);
    }

    [Fact]
    public async Task ListAlerts_QueryStringOf20Kilobytes_IsRefusedByTheServer()
    {
        using var ee = fixture.As(TestConfig.EeToken);

        var response = await ee.GetAsync("/api/alerts?q=" + new string('x', 20_000));

        ((int)response.StatusCode).ShouldBeOneOf(400, 414);
    }

    [Fact]
    public async Task Request_HugeHeader_IsRefused()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts");
        request.Headers.Add("X-Padding", new string('x', 64 * 1024));

        ((int)(await ee.SendAsync(request)).StatusCode).ShouldBe(431);
    }

    [Fact]
    public async Task Request_GarbageBytes_ServerStaysUp()
    {
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(fixture.BaseAddress.Host, fixture.BaseAddress.Port);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("\x16\x03\x01 GARBAGE \r\n\r\n\0\0\0"));
            var buffer = new byte[256];
            _ = await stream.ReadAsync(buffer);
        }

        using var client = fixture.Anonymous();
        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/stats?from=yesterday")]
    [InlineData("/api/stats?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z")]
    [InlineData("/api/stats?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("/api/stats?window=1h")]
    [InlineData("/api/stats/shared-indicators?from=%27")]
    [InlineData("/api/audit?alert_id=%27%20OR%201%3D1")]
    public async Task Stats_BadParameters_Are400Problems(string path)
    {
        using var admin = fixture.As(TestConfig.AdminToken);

        var response = await admin.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        using var ee = fixture.As(TestConfig.EeToken);

        var response = await ee.GetAsync("/api/nothing-here");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
