using System.Diagnostics;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;
using CyberAgg.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CyberAgg.Api.Tests.Dashboard;

/// <summary>Debian's chromium, driven by Playwright, watches the dashboard while alerts are produced into Kafka.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardBrowserTests(ApiFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    [Fact]
    public async Task Dashboard_AlertProducedToKafka_AppearsLiveForThePartnerOnly()
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync(fixture.BaseAddress.ToString());
        await page.FillAsync("#token", TestConfig.LvToken);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#live.on", new PageWaitForSelectorOptions { Timeout = 15_000 });
        (await page.TextContentAsync("#who"))!.ShouldContain("lv-cert");

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var now = TimeProvider.System.GetUtcNow();
        var red = Seed.Make("browser-red-" + suffix, "RED", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "198.51.100.250" }, [], 0) with { RaisedAt = now };
        var shared = Seed.Make("browser-" + suffix, "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.150" }, ["ev-ee-1", "ev-lv-1"], 0)
            with { RaisedAt = now, Level = "critical", RuleTitle = "Same source IP probing two countries" };
        // As the correlator does: stored, then published.
        await fixture.StoreAsync(red, shared);
        await fixture.ProduceAsync(red);
        var produced = Stopwatch.StartNew();
        await fixture.ProduceAsync(shared);
        var row = await page.WaitForSelectorAsync($"tr[data-alert-id='{shared.AlertId}']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        var visibleAfter = produced.Elapsed;
        output.WriteLine($"alert visible in the dashboard {visibleAfter.TotalMilliseconds:F0} ms after it was produced to Kafka");

        (await page.QuerySelectorAsync($"tr[data-alert-id='{red.AlertId}']")).ShouldBeNull();
        (await row!.InnerTextAsync()).ShouldContain("critical");
        (await page.TextContentAsync("#announce"))!.ShouldContain("critical");

        // Keyboard only: focus the row and open it.
        await row.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#detail-body h3");
        var detail = await page.InnerTextAsync("#detail-body");
        detail.ShouldContain("203.0.113.150");
        detail.ShouldContain("(not shared)");
        detail.ShouldNotContain("alice");
        detail.ShouldNotContain("secret message");

        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(directory);
        var screenshot = Path.Combine(directory, "dashboard-live.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine("screenshot: " + screenshot);
        File.Exists(screenshot).ShouldBeTrue();
        errors.ShouldBeEmpty();
        visibleAfter.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }
}
