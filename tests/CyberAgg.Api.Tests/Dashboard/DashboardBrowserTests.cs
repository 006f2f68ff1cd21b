using System.Diagnostics;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CyberAgg.Api.Tests.Dashboard;

/// <summary>Debian's chromium, driven by Playwright, watches the dashboard while alerts are produced into Kafka.</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardBrowserTests(ApiFixture fixture, ITestOutputHelper output)
{
    private const string UtcStamp = @"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC";

    [Fact]
    public async Task Dashboard_AlertProducedToKafka_AppearsLiveForThePartnerOnly()
    {
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        await session.SignInAsync(TestConfig.LvToken);
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

        await session.ScreenshotAsync("partner-live");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
        visibleAfter.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Dashboard_Operator_UtcDatesTwoClocksSortingHealthChartsAndAccessibility()
    {
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        await session.SignInAsync(TestConfig.AdminToken);
        await page.WaitForSelectorAsync("#rates svg", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await page.WaitForSelectorAsync("#health table", new PageWaitForSelectorOptions { Timeout = 10_000 });

        // Times: UTC with dates; the event window and the raised time are separate clocks.
        (await page.InnerTextAsync($"tr[data-alert-id='{Seed.Shared.AlertId}'] td:first-child")).ShouldMatch("^" + UtcStamp + "$");
        await page.ClickAsync($"tr[data-alert-id='{Seed.Shared.AlertId}']");
        await page.WaitForSelectorAsync("#detail-event-time");
        (await page.InnerTextAsync("#detail-event-time")).ShouldContain($"{Seed.Shared.FirstSeen:yyyy-MM-dd HH:mm:ss} – {Seed.Shared.LastSeen:HH:mm:ss} UTC");
        (await page.InnerTextAsync("#detail-raised")).ShouldContain($"{Seed.Shared.RaisedAt:yyyy-MM-dd HH:mm:ss} UTC");
        // Indicator fields and evidence fields that made the alert, unwrapped, with a copy button.
        (await page.InnerTextAsync("#detail-body table.fields")).ShouldContain("203.0.113.7");
        (await page.QuerySelectorAsync("#detail-body table.fields button.copy")).ShouldNotBeNull();
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#detail-body .token')).whiteSpace")).ShouldBe("nowrap");
        var rawHeaders = await page.InnerTextAsync("#detail-body table.raw thead");
        rawHeaders.ShouldContain("Source");
        rawHeaders.ShouldContain("Destination");
        rawHeaders.ShouldNotContain("SHA-256", customMessage: "no column that is empty for every event");
        await session.ScreenshotAsync("operator-detail");

        // Sorting by level puts the worst first and says so.
        await page.ClickAsync("button[data-sort='level']");
        (await page.GetAttributeAsync("th:has(button[data-sort='level'])", "aria-sort")).ShouldBe("descending");
        var levels = await page.EvalOnSelectorAllAsync<string[]>("#alert-rows tr .badge", "n => n.map(x => x.textContent)");
        string[] order = ["informational", "low", "medium", "high", "critical"];
        levels.Select(l => -Array.IndexOf(order, l)).ShouldBeInOrder();

        // Event rate: labelled axes on event time, a fixed colour per country.
        (await page.TextContentAsync("#rates svg"))!.ShouldContain("Event time (UTC)");
        (await page.GetAttributeAsync("#rates polygon[data-country='EE']", "fill")).ShouldBe("#7cc4ff");
        await page.SelectOptionAsync("#rates-mode", "lines");
        await page.WaitForSelectorAsync("#rates polyline[data-country='EE']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        (await page.GetAttributeAsync("#rates polyline[data-country='EE']", "stroke")).ShouldBe("#7cc4ff");
        (await page.InnerTextAsync("#rates-range")).ShouldContain("data's own range");
        // Alliance health: operators see every partner.
        var health = await page.InnerTextAsync("#health");
        health.ShouldContain("ee-cert (EE)");
        health.ShouldContain("lv-cert (LV)");

        // Local time on request, with the zone said.
        await page.ClickAsync("#time-zone");
        (await page.InnerTextAsync($"tr[data-alert-id='{Seed.Shared.AlertId}'] td:first-child")).ShouldEndWith("UTC+02:00");
        await page.ClickAsync("#time-zone");

        await session.ScreenshotAsync("operator-overview");
        await session.AssertAccessibleAsync("operator overview with an alert open");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dashboard_Partner_ReadOnlyControlsOnForeignAlertsAndAccessibility()
    {
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        await session.SignInAsync(TestConfig.LvToken);
        await page.ClickAsync($"tr[data-alert-id='{Seed.EeUser.AlertId}']");
        await page.WaitForSelectorAsync("#read-only");
        (await page.QuerySelectorAsync("#do-ack")).ShouldBeNull();
        (await page.QuerySelectorAsync("#do-close")).ShouldBeNull();
        (await page.InnerTextAsync("#detail-body")).ShouldNotContain("alice");
        await page.WaitForSelectorAsync("#health table");
        (await page.InnerTextAsync("#health")).ShouldNotContain("fr-cert");
        await session.ScreenshotAsync("partner-foreign-alert");
        await session.AssertAccessibleAsync("partner view of a foreign alert");

        // On its own alert the partner gets the controls.
        await page.ClickAsync($"tr[data-alert-id='{Seed.Shared.AlertId}']");
        await page.WaitForSelectorAsync("#do-close");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dashboard_KeyboardOnly_OpenNoteAcknowledgeClose()
    {
        var (alert, opened) = await StoreSharedAlertAndSignInAsEeAsync("kbd-", "203.0.113.99", ["ev-ee-1", "ev-lv-1"], "Keyboard triage");
        await using var session = opened;
        var page = session.Page;
        var row = $"tr[data-alert-id='{alert.AlertId}']";
        await session.TabToAsync(row);
        await page.Keyboard.PressAsync("ArrowDown");
        (await page.EvaluateAsync<string>("() => document.activeElement.dataset.alertId")).ShouldNotBe(alert.AlertId);
        await page.Keyboard.PressAsync("ArrowUp");
        (await page.EvaluateAsync<string>("() => document.activeElement.dataset.alertId")).ShouldBe(alert.AlertId);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#detail-rule:focus");
        await session.TabToAsync("#note-text");
        await page.Keyboard.TypeAsync("Blocked 203.0.113.99 at the border firewall");
        await session.TabToAsync("#add-note");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#note-list li:has-text('Blocked 203.0.113.99')");
        await session.TabToAsync("#do-ack");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#detail-status:has-text('acknowledged')");
        await session.TabToAsync("#do-close");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#detail-status:has-text('closed')");
        var history = await page.InnerTextAsync("#history-list");
        history.ShouldContain("acknowledged by ee-cert");
        history.ShouldContain("closed by ee-cert");
        (await page.InnerTextAsync(row)).ShouldContain("closed");
        await session.ScreenshotAsync("keyboard-triage");

        // The note is shared like the alert: the other owner sees it.
        using var lv = fixture.As(TestConfig.LvToken);
        (await lv.GetStringAsync($"/api/alerts/{alert.AlertId}/activity")).ShouldContain("Blocked 203.0.113.99");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dashboard_AnotherOwnerChangesTheOpenAlert_TheLiveRedrawKeepsTheFocusedControlAndTheDraftNote()
    {
        var (alert, opened) = await StoreSharedAlertAndSignInAsEeAsync("live-", "203.0.113.98", ["ev-ee-2", "ev-lv-2"], "Live redraw");
        await using var session = opened;
        var page = session.Page;
        var row = $"tr[data-alert-id='{alert.AlertId}']";
        await session.TabToAsync(row);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#detail-rule:focus");
        await session.TabToAsync("#note-text");
        await page.Keyboard.TypeAsync("Half-written note");
        await session.TabToAsync("#do-close");

        // The other owner acknowledges it: the change arrives on the live stream and the pane is drawn again.
        using var lv = fixture.As(TestConfig.LvToken);
        (await lv.PostAsync($"/api/alerts/{alert.AlertId}/ack", null)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        await page.WaitForSelectorAsync("#detail-status:has-text('acknowledged')");

        (await page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("do-close", "a keyboard user's Enter must still land on the control they tabbed to");
        (await page.InputValueAsync("#note-text")).ShouldBe("Half-written note");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#detail-status:has-text('closed')");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    /// <summary>Stores a fresh AMBER cross-border alert owned by ee-cert and lv-cert, and opens the dashboard signed in as ee-cert.</summary>
    private async Task<(Alert Alert, DashboardSession Session)> StoreSharedAlertAndSignInAsEeAsync(string idPrefix, string sourceIp, string[] evidence, string title)
    {
        var alert = Seed.Make(idPrefix + Guid.NewGuid().ToString("N")[..8], "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = sourceIp }, evidence, 0)
            with { RaisedAt = TimeProvider.System.GetUtcNow().AddMinutes(5), RuleTitle = title };
        await fixture.StoreAsync(alert);
        var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        try
        {
            await session.SignInAsync(TestConfig.EeToken);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }

        return (alert, session);
    }

    [Fact]
    public async Task Dashboard_FilterWithoutMatch_SaysWhatToDoAndClearsTheDetailPane()
    {
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        await session.SignInAsync(TestConfig.EeToken);
        await page.ClickAsync($"tr[data-alert-id='{Seed.Shared.AlertId}']");
        await page.WaitForSelectorAsync("#detail-rule");

        await page.FillAsync("#filters input[name=q]", "no-such-indicator-" + Guid.NewGuid().ToString("N")[..6]);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#empty-state");
        (await page.InnerTextAsync("#empty-state")).ShouldContain("No alerts match these filters");
        (await page.IsVisibleAsync("#detail-body")).ShouldBeFalse();
        (await page.InnerTextAsync("#detail-empty")).ShouldContain("no longer in the list");
        await session.ScreenshotAsync("empty-filter");
        await session.AssertAccessibleAsync("empty filter result");

        await page.ClickAsync("#clear-filters");
        await page.WaitForSelectorAsync($"tr[data-alert-id='{Seed.Shared.AlertId}']");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dashboard_Paging_WalksTheCursorApiBothWays()
    {
        var tag = "paging" + Guid.NewGuid().ToString("N")[..6];
        var now = TimeProvider.System.GetUtcNow();
        var alerts = Enumerable.Range(0, 12).Select(i => Seed.Make($"{tag}-{i:D2}", "AMBER", AlertKinds.Detection, ["ee-cert"], new(), [], 0)
            with { RaisedAt = now.AddSeconds(-i), RuleTitle = $"{tag} alert {i:D2}" }).ToArray();
        await fixture.StoreAsync(alerts);
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        await session.SignInAsync(TestConfig.EeToken);
        await page.SelectOptionAsync("#page-size", "10");
        await page.FillAsync("#filters input[name=q]", tag);
        await page.ClickAsync("#filters button[type=submit]");
        await page.WaitForSelectorAsync($"tr[data-alert-id='{tag}-09']");
        (await page.Locator("#alert-rows tr").CountAsync()).ShouldBe(10);
        (await page.IsDisabledAsync("#page-newer")).ShouldBeTrue();

        await page.ClickAsync("#page-older");
        await page.WaitForSelectorAsync($"tr[data-alert-id='{tag}-11']");
        (await page.Locator("#alert-rows tr").CountAsync()).ShouldBe(2);
        (await page.IsDisabledAsync("#page-older")).ShouldBeTrue();

        await page.ClickAsync("#page-newer");
        await page.WaitForSelectorAsync($"tr[data-alert-id='{tag}-00']");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dashboard_Operator_PivotAuditTrailMatrixClickThroughAndRangePicker()
    {
        var pair = Seed.Make("matrix-" + Guid.NewGuid().ToString("N")[..8], "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.7" }, ["ev-ee-1", "ev-lv-1"], 0)
            with { RaisedAt = TimeProvider.System.GetUtcNow().AddMinutes(-1), RuleTitle = "Matrix cell alert" };
        await fixture.StoreAsync(pair);
        await using var session = await DashboardSession.OpenAsync(fixture.BaseAddress, output);
        var page = session.Page;
        await session.SignInAsync(TestConfig.AdminToken);

        // The matrix has a legend, and a cell opens the alerts seen in both countries.
        await page.WaitForSelectorAsync("#matrix .matrix-legend");
        await page.ClickAsync("#matrix button[aria-label*='shared by EE and LV']");
        await page.WaitForSelectorAsync("#pair-chip:not([hidden])");
        (await page.InnerTextAsync("#pair-text")).ShouldContain("EE and LV");
        var countries = await page.EvalOnSelectorAllAsync<string[]>("#alert-rows tr td:nth-child(6)", "n => n.map(x => x.textContent)");
        countries.ShouldNotBeEmpty();
        countries.ShouldAllBe(c => c.Contains("EE") && c.Contains("LV"));
        await page.ClickAsync("#pair-clear");

        // Pivot from the indicator: alerts across countries and sightings over time; operators also get the audit trail.
        await page.ClickAsync($"tr[data-alert-id='{pair.AlertId}']");
        await page.WaitForSelectorAsync("#audit-trail");
        await page.ClickAsync("#detail-body button[aria-label^='Pivot']");
        await page.WaitForSelectorAsync("#pivot-panel table.pivot");
        (await page.InnerTextAsync("#pivot-panel")).ShouldContain("ee-cert (EE)");
        (await page.InnerTextAsync("#pivot-summary")).ShouldContain("EE, LV");
        await session.ScreenshotAsync("operator-pivot");

        // The range picker redraws on the chosen window.
        await page.SelectOptionAsync("#range", "24h");
        await page.WaitForFunctionAsync("() => document.querySelector('#rates-range').textContent.startsWith('last 24h')");
        await page.SelectOptionAsync("#range", "custom");
        await page.WaitForSelectorAsync("#custom-range:not([hidden])");
        await session.AssertAccessibleAsync("operator pivot and custom range");
        session.UncaughtErrors.ShouldBeEmpty();
        session.ConsoleErrors.ShouldBeEmpty();
    }
}
