using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Stix;

[Collection(ApiCollection.Name)]
public sealed partial class StixExportTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("seed-shared", "AMBER")]
    [InlineData("seed-ee-red", "RED")]
    [InlineData("seed-ee-strict", "AMBER+STRICT")]
    public async Task Stix_Bundle_FollowsStix21Rules(string id, string tlp)
    {
        using var ee = fixture.As(TestConfig.EeToken);

        var response = await ee.GetAsync($"/api/alerts/{id}/stix");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/stix+json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var bundle = doc.RootElement;
        bundle.GetProperty("type").GetString().ShouldBe("bundle");
        Id().IsMatch(bundle.GetProperty("id").GetString()!).ShouldBeTrue();
        bundle.TryGetProperty("spec_version", out _).ShouldBeFalse("a 2.1 bundle has no spec_version");
        var objects = bundle.GetProperty("objects").EnumerateArray().ToArray();
        var ids = objects.Select(o => o.GetProperty("id").GetString()!).ToHashSet();
        var marking = objects.Single(o => o.GetProperty("type").GetString() == "marking-definition");
        marking.GetProperty("name").GetString().ShouldBe("TLP:" + tlp);
        marking.GetProperty("extensions").GetProperty("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d").GetProperty("tlp_2_0").GetString().ShouldBe(tlp.ToLowerInvariant());
        objects.Select(o => o.GetProperty("type").GetString()).ShouldContain("indicator");
        objects.Select(o => o.GetProperty("type").GetString()).ShouldContain("sighting");
        foreach (var o in objects)
        {
            var type = o.GetProperty("type").GetString()!;
            o.GetProperty("spec_version").GetString().ShouldBe("2.1");
            var objectId = o.GetProperty("id").GetString()!;
            Id().IsMatch(objectId).ShouldBeTrue(objectId);
            objectId.ShouldStartWith(type + "--");
            foreach (var p in o.EnumerateObject().Where(p => p.Name is "created" or "modified" or "valid_from" or "first_seen" or "last_seen"))
            {
                Timestamp().IsMatch(p.Value.GetString()!).ShouldBeTrue($"{type}.{p.Name} = {p.Value}");
                DateTimeOffset.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture).Offset.ShouldBe(TimeSpan.Zero);
            }

            if (type != "marking-definition")
            {
                o.GetProperty("object_marking_refs").EnumerateArray().Single().GetString().ShouldBe(marking.GetProperty("id").GetString());
                o.GetProperty("modified").GetString()!.CompareTo(o.GetProperty("created").GetString()).ShouldBeGreaterThanOrEqualTo(0);
            }

            foreach (var p in o.EnumerateObject().Where(p => p.Name.EndsWith("_ref", StringComparison.Ordinal) && p.Name != "created_by_ref"))
            {
                ids.ShouldContain(p.Value.GetString()!);
            }
        }

        var indicator = objects.Single(o => o.GetProperty("type").GetString() == "indicator");
        indicator.GetProperty("pattern_type").GetString().ShouldBe("stix");
        indicator.GetProperty("pattern").GetString()!.ShouldStartWith("[");
    }

    [Fact]
    public async Task Stix_SharedAlert_IndicatorPatternNamesTheIp()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var body = await lv.GetStringAsync("/api/alerts/seed-shared/stix");

        body.ShouldContain("[ipv4-addr:value = '203.0.113.7']");
        body.ShouldContain("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
    }

    [Fact]
    public async Task Stix_ForeignUserCorrelation_CarriesOnlyThePseudonym()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        var body = await lv.GetStringAsync("/api/alerts/seed-ee-user/stix");

        body.ShouldNotContain("alice");
        body.ShouldContain("pn:k2026a:");
    }

    [GeneratedRegex("^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Id();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex Timestamp();
}
