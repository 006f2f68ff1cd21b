using System.Net;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Stream;

[Collection(ApiCollection.Name)]
public sealed class AlertStreamTests(ApiFixture fixture)
{
    private static Alert Live(string id, string tlp, string[] partners, string ip) =>
        Seed.Make(id, tlp, AlertKinds.CrossBorder, partners, new() { ["source.ip"] = ip }, [], 30);

    private static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(HttpClient client, string query = "", string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream" + query);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return (response, new SseReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task Stream_ForeignPartner_GetsSharedAlertButNeverRedOrStrict()
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (response, reader) = await OpenAsync(lv);
        using (response)
        using (reader)
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            // Produced in this order on one partition: if the shared one arrives, the RED and STRICT ones were filtered.
            await fixture.ProduceAsync(Live("live-red-" + suffix, "RED", ["ee-cert", "lv-cert"], "198.51.100.201"));
            await fixture.ProduceAsync(Live("live-strict-" + suffix, "AMBER+STRICT", ["ee-cert"], "198.51.100.202"));
            await fixture.ProduceRawAsync("{not alert json"u8.ToArray());
            await fixture.ProduceAsync(Live("live-shared-" + suffix, "AMBER", ["ee-cert", "lv-cert"], "203.0.113.99"));

            var next = await reader.NextAsync(timeout.Token);
            while (next is { } e && !e.Data.Contains(suffix, StringComparison.Ordinal))
            {
                next = await reader.NextAsync(timeout.Token);
            }

            next.ShouldNotBeNull();
            next.Value.Event.ShouldBe("alert");
            next.Value.Data.ShouldContain("live-shared-" + suffix);
            next.Value.Data.ShouldNotContain("198.51.100.20");
        }
    }

    [Fact]
    public async Task Stream_LastEventId_ResumesWithWhatWasMissed()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string firstId;
        var (response, reader) = await OpenAsync(ee, "?kind=cross-border");
        using (response)
        using (reader)
        {
            await fixture.ProduceAsync(Live("resume-1-" + suffix, "AMBER", ["ee-cert"], "203.0.113.11"));
            var first = await reader.NextAsync(timeout.Token);
            while (first is { } f && !f.Data.Contains(suffix, StringComparison.Ordinal))
            {
                first = await reader.NextAsync(timeout.Token);
            }

            firstId = first!.Value.Id!;
        }

        // Disconnected: two alerts arrive meanwhile.
        await fixture.ProduceAsync(Live("resume-2-" + suffix, "AMBER", ["ee-cert"], "203.0.113.12"));
        await fixture.ProduceAsync(Live("resume-3-" + suffix, "AMBER", ["ee-cert"], "203.0.113.13"));
        using var probe = fixture.As(TestConfig.EeToken);
        var (liveResponse, live) = await OpenAsync(probe);
        using (liveResponse)
        using (live)
        {
            // A sentinel after them: once it is in the feed, so are they.
            await fixture.ProduceAsync(Live("resume-4-" + suffix, "AMBER", ["ee-cert"], "203.0.113.14"));
            var seen = await live.NextAsync(timeout.Token);
            while (seen is { } s && !s.Data.Contains("resume-4-" + suffix, StringComparison.Ordinal))
            {
                seen = await live.NextAsync(timeout.Token);
            }
        }

        var (resumedResponse, resumed) = await OpenAsync(ee, "?kind=cross-border", firstId);
        using (resumedResponse)
        using (resumed)
        {
            var ids = new List<string>();
            while (ids.Count < 3 && await resumed.NextAsync(timeout.Token) is { } e)
            {
                ids.Add(e.Data[(e.Data.IndexOf("resume-", StringComparison.Ordinal) + 7)..][..1]);
            }

            ids.ShouldBe(["2", "3", "4"]);
        }
    }

    [Fact]
    public async Task Stream_UnknownLastEventId_AsksTheClientToReload()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var (response, reader) = await OpenAsync(ee, lastEventId: "deadbeef-42");
        using (response)
        using (reader)
        {
            (await reader.NextAsync(timeout.Token))!.Value.Event.ShouldBe("reset");
        }
    }

    [Theory]
    [InlineData("?level=urgent")]
    [InlineData("?q=text")]
    [InlineData("?country=EE%27")]
    public async Task Stream_BadFilter_Is400(string query)
    {
        using var ee = fixture.As(TestConfig.EeToken);

        (await ee.GetAsync("/api/alerts/stream" + query, HttpCompletionOption.ResponseHeadersRead)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
