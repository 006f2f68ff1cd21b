using System.Net;
using System.Net.Http.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Federation;

/// <summary>The clear-value exchange endpoints on an API that runs no sovereign-mode node (the exchange itself: CyberAgg.Federation.Tests).</summary>
[Collection(ApiCollection.Name)]
public sealed class ExchangeEndpointsTests(ApiFixture fixture)
{
    [Fact]
    public async Task Exchanges_NodeWithoutFederation_NotFoundSayingWhy()
    {
        using var admin = fixture.As(TestConfig.AdminToken);
        var post = await admin.PostAsJsonAsync("/api/federation/exchanges", new { token = new string('a', 32), owner = "ee-node" });
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await post.Content.ReadAsStringAsync()).ShouldContain("federation.enabled is false");
        (await admin.GetAsync("/api/federation/exchanges")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Exchanges_Anonymous_Unauthorized()
    {
        using var anonymous = fixture.Anonymous();
        (await anonymous.GetAsync("/api/federation/exchanges/" + new string('a', 32))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
