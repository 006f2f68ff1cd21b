using System.Diagnostics;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CyberAgg.Api.Tests.Dashboard;

/// <summary>The dashboard when things go wrong: a lost connection, a server that stops, a wrong token.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardResilienceTests(ApiFixture fixture, ITestOutputHelper output)
{
    private const string UtcStamp = @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC";

    [Fact]
    public async Task Dashboard_ConnectionLost_BannerThenResumesWithLastEventId()
    {
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        var resumedWith = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Url.EndsWith("/api/alerts/stream", StringComparison.Ordinal) && r.Headers.TryGetValue("last-event-id", out var id))
            {
                resumedWith.Add(id);
            }
        };
        await session.SignInAsync(TestConfig.LvToken);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var now = TimeProvider.System.GetUtcNow();
        var before = Seed.Make("lost-a-" + suffix, "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.160" }, [], 0) with { RaisedAt = now };
        var during = Seed.Make("lost-b-" + suffix, "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.161" }, [], 0) with { RaisedAt = now.AddSeconds(1) };
        await fixture.StoreAsync(before, during);
        await fixture.ProduceAsync(before);
        await page.WaitForSelectorAsync($"tr[data-alert-id='{before.AlertId}']", new PageWaitForSelectorOptions { Timeout = 10_000 });

        await session.Context.SetOfflineAsync(true);
        await page.WaitForSelectorAsync("#banner.lost", new PageWaitForSelectorOptions { Timeout = 15_000 });
        (await page.InnerTextAsync("#banner")).ShouldMatch("Connection to the CyberAgg server lost at " + UtcStamp + ".*stale");
        (await page.InnerTextAsync("#live")).ShouldBe("Live: off");
        await session.ScreenshotAsync("connection-lost");
        await fixture.ProduceAsync(during);

        await session.Context.SetOfflineAsync(false);
        await page.ClickAsync("#banner-retry");
        await page.WaitForSelectorAsync($"tr[data-alert-id='{during.AlertId}']", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await page.WaitForSelectorAsync("#live.on");
        (await page.InnerTextAsync("#banner")).ShouldContain("Reconnected");
        resumedWith.ShouldNotBeEmpty("the reconnect sends Last-Event-ID");
        resumedWith[^1].ShouldMatch(@"^[0-9a-f]+-\d+$");
        session.UncaughtErrors.ShouldBeEmpty();
        // The browser itself logs each request that failed while offline; nothing else may reach the console.
        session.ConsoleErrors.Where(e => !e.Contains("net::ERR_INTERNET_DISCONNECTED", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Dashboard_ServerStops_BannerWithinSecondsNotLiveOn()
    {
        var options = new CyberAgg.Api.Hosting.ApiOptions
        {
            Listen = "127.0.0.1:0",
            AlertsTopic = fixture.Topic,
            PartnerSilentAfter = TimeSpan.Zero,
            ClickHouse = new CyberAgg.Configuration.ClickHouseOptions { Url = fixture.ClickHouse.Endpoint.ToString().TrimEnd('/'), Database = "cyberagg", Password = fixture.ClickHouse.Password },
            Kafka = new CyberAgg.Configuration.KafkaOptions { Bootstrap = fixture.KafkaBootstrap },
        };
        var app = CyberAgg.Api.Hosting.ApiHost.Build(options, fixture.Policy, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        try
        {
            await using var session = await DashboardSession.OpenAsync(CyberAgg.Api.Hosting.ApiHost.BoundAddress(app), output);
            var page = session.Page;
            await session.SignInAsync(TestConfig.EeToken);

            var stopping = Stopwatch.StartNew();
            var stopped = app.StopAsync();
            await page.WaitForSelectorAsync("#banner.lost", new PageWaitForSelectorOptions { Timeout = 10_000 });
            output.WriteLine($"connection-lost banner {stopping.ElapsedMilliseconds} ms after the server began to stop");
            (await page.InnerTextAsync("#live")).ShouldBe("Live: off");
            await stopped;
            await session.ScreenshotAsync("server-stopped");
            stopping.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
            session.UncaughtErrors.ShouldBeEmpty();
            session.ConsoleErrors.Where(e => !e.Contains("net::ERR_", StringComparison.Ordinal)).ShouldBeEmpty();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dashboard_WrongToken_OneLineReasonAndNo401InTheConsole()
    {
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        var statuses = new List<int>();
        page.Response += (_, r) => statuses.Add(r.Status);
        await page.FocusAsync("#token");
        await page.Keyboard.TypeAsync("cyb_not-a-real-token-0123456789abcdefghijklmnop");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelector('#login-error').textContent.length > 0");

        (await page.InnerTextAsync("#login-error")).ShouldContain("not accepted");
        (await page.IsVisibleAsync("#app")).ShouldBeFalse();
        statuses.ShouldNotContain(401);
        await session.ScreenshotAsync("sign-in-wrong-token");
        await session.AssertAccessibleAsync("sign-in with a wrong token");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }
}
