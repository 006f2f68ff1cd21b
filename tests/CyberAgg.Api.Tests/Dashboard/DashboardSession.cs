using CyberAgg.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CyberAgg.Api.Tests.Dashboard;

/// <summary>Debian's chromium driven by Playwright, signed in to the dashboard, collecting every console error and uncaught exception.</summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;
    private readonly ITestOutputHelper output;

    private DashboardSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page, Uri origin, ITestOutputHelper output)
    {
        this.playwright = playwright;
        this.browser = browser;
        this.output = output;
        Context = context;
        Page = page;
        Origin = origin;
        page.Console += (_, m) => { if (m.Type == "error") { ConsoleErrors.Add(m.Text); } };
        page.PageError += (_, e) => UncaughtErrors.Add(e);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Uri Origin { get; }

    /// <summary>console.error lines, including the browser's "Failed to load resource" for every 4xx/5xx and network failure.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public List<string> UncaughtErrors { get; } = [];

    public static async Task<DashboardSession> OpenAsync(Uri origin, ITestOutputHelper output, int width = 1440, int height = 1100)
    {
        var chromium = ExternalTool.Require("chromium", "chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, TimezoneId = "Europe/Riga" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(origin.ToString());
        return new DashboardSession(playwright, browser, context, page, origin, output);
    }

    /// <summary>Signs in with the keyboard, as a user does, and waits for the live stream.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.FocusAsync("#token");
        await Page.Keyboard.TypeAsync(token);
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForSelectorAsync("#live.on", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await Page.WaitForSelectorAsync("#alert-rows tr", new PageWaitForSelectorOptions { Timeout = 15_000 });
    }

    /// <summary>Saves a full-page screenshot under the test output's TestResults/dashboard folder and prints its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("screenshot: " + path);
        File.Exists(path).ShouldBeTrue();
        return path;
    }

    /// <summary>Presses Tab (only the keyboard) until the focused element matches <paramref name="selector"/>.</summary>
    public async Task TabToAsync(string selector, int maxPresses = 150)
    {
        for (var i = 0; i < maxPresses; i++)
        {
            if (await Page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                return;
            }

            await Page.Keyboard.PressAsync("Tab");
        }

        throw new ShouldAssertException($"{selector} was not reached with {maxPresses} Tab presses; focus is on " +
            await Page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'"));
    }

    /// <summary>Runs axe-core, prints every violation and fails on serious or critical ones.</summary>
    public async Task AssertAccessibleAsync(string view)
    {
        var violations = await AxeCore.CheckAsync(Page, Origin);
        output.WriteLine($"axe-core {AxeCore.Version} on {view}: {violations.Count} violations ({violations.Count(v => v.Impact is "serious" or "critical")} serious or critical)");
        foreach (var v in violations)
        {
            output.WriteLine("  " + v.Text);
        }

        violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Text).ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
