using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Stats;

/// <summary>/api/stats counts only what the caller's agreements release: owner and TLP of every rollup row.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScopedStatsTests(ApiFixture fixture) : IAsyncLifetime
{
    // Twenty days back, away from every other test's events, inside the events table's 90-day TTL.
    private static readonly DateTimeOffset Hour = Seed.T0.AddDays(-20);
    private static readonly string Window = $"from={Hour:yyyy-MM-ddTHH:mm:ssZ}&to={Hour.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}";

    public async Task InitializeAsync()
    {
        var t = Hour.AddMinutes(5);
        // Every test of the class runs this; the fixed token stores the rows once (deduplicated, rollup included).
        await fixture.StoreEventsAsync(
            "scoped-stats-seed",
            ("st-ee-red-1", t, "ee-cert", "EE", "c-red", "RED", ""),
            ("st-ee-red-2", t, "ee-cert", "EE", "c-red", "RED", ""),
            ("st-ee-red-3", t.AddMinutes(1), "ee-cert", "EE", "c-red", "RED", ""),
            ("st-ee-strict-1", t, "ee-cert", "EE", "c-strict", "AMBER+STRICT", ""),
            ("st-ee-strict-2", t, "ee-cert", "EE", "c-strict", "AMBER+STRICT", ""),
            ("st-ee-amber", t, "ee-cert", "EE", "c-amber", "AMBER", ""),
            ("st-ee-unknown", t, "ee-cert", "EE", "c-unknown", "PURPLE", ""),
            ("st-lv-green", t, "lv-cert", "LV", "c-lv", "GREEN", ""),
            ("st-fr-green", t, "fr-cert", "FR", "c-fr", "GREEN", ""));
    }

    public static TheoryData<string, string[]> Expected() => new()
    {
        // ee-to-lv releases ee's AMBER and below; RED, AMBER+STRICT and an unreadable label never leave ee.
        { TestConfig.LvToken, ["c-amber=1", "c-lv=1"] },
        // all-to-lt releases GREEN of anyone, configured or not.
        { TestConfig.LtToken, ["c-fr=1", "c-lv=1"] },
        // ee sees all of its own, and lv's AMBER and below through lv-to-ee.
        { TestConfig.EeToken, ["c-amber=1", "c-lv=1", "c-red=3", "c-strict=2", "c-unknown=1"] },
        { TestConfig.AdminToken, ["c-amber=1", "c-fr=1", "c-lv=1", "c-red=3", "c-strict=2", "c-unknown=1"] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Stats_EachCaller_CountsOnlyReleasedOwnerAndTlp(string token, string[] expected)
    {
        using var client = fixture.As(token);

        var body = await client.GetStringAsync("/api/stats?" + Window);

        using var doc = JsonDocument.Parse(body);
        doc.RootElement.GetProperty("by_category").EnumerateArray()
            .Select(s => $"{s.GetProperty("key").GetString()}={s.GetProperty("total").GetInt64()}")
            .Order(StringComparer.Ordinal).ShouldBe(expected);
    }

    [Fact]
    public async Task Stats_ForeignPartner_PartnerSeriesHoldsNoRedOrStrictCounts()
    {
        using var lv = fixture.As(TestConfig.LvToken);

        using var doc = JsonDocument.Parse(await lv.GetStringAsync("/api/stats?" + Window));

        var byPartner = doc.RootElement.GetProperty("by_partner").EnumerateArray().ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("total").GetInt64());
        byPartner.ShouldBe(new Dictionary<string, long> { ["ee-cert"] = 1, ["lv-cert"] = 1 }, ignoreOrder: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
