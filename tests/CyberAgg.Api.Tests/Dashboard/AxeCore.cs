using System.Text.Json;
using CyberAgg.Testing;
using Microsoft.Playwright;

namespace CyberAgg.Api.Tests.Dashboard;

/// <summary>
/// axe-core from npm (fetched once with <c>npm pack</c> into a per-user cache), served to the page from its own origin by a
/// Playwright route, so the dashboard's CSP (<c>script-src 'self'</c>) stays on and nothing comes from a CDN.
/// </summary>
public static class AxeCore
{
    public const string Version = "4.10.3";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? script;

    public static async Task<string> ScriptAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (script is not null)
            {
                return script;
            }

            var cache = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "cyberagg", "axe-core-" + Version);
            var file = Path.Combine(cache, "package", "axe.min.js");
            if (!File.Exists(file))
            {
                ExternalTool.Require("npm", "npm");
                var staging = cache + ".tmp-" + Environment.ProcessId;
                Directory.CreateDirectory(staging);
                var pack = await ExternalTool.RunAsync("npm", ["pack", "axe-core@" + Version, "--silent", "--pack-destination", staging], timeout: TimeSpan.FromMinutes(2));
                pack.ExitCode.ShouldBe(0, "npm pack axe-core failed: " + pack.Error);
                var tgz = Directory.GetFiles(staging, "*.tgz").Single();
                var untar = await ExternalTool.RunAsync("tar", ["-xzf", tgz, "-C", staging]);
                untar.ExitCode.ShouldBe(0, untar.Error);
                try
                {
                    Directory.Move(staging, cache);
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another test process unpacked it first.
                    Directory.Delete(staging, recursive: true);
                }
            }

            return script = await File.ReadAllTextAsync(file);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs axe on the page (WCAG 2.x A/AA rules); returns every violation as "impact id: help (n nodes)".</summary>
    public static async Task<IReadOnlyList<(string Impact, string Text)>> CheckAsync(IPage page, Uri origin)
    {
        var source = await ScriptAsync();
        var url = new Uri(origin, "/__test/axe.min.js").ToString();
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { Body = source, ContentType = "text/javascript" }));
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = url });
        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }))" +
            ".violations.map(v => ({ impact: v.impact || 'minor', text: `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')})` })))");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(v => (v.GetProperty("impact").GetString()!, v.GetProperty("text").GetString()!)).ToArray();
    }
}
