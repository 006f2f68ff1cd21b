using System.Text.Json;
using CyberAgg.Testing;

namespace CyberAgg.Cli.Tests.Commands.Rules;

/// <summary><c>cyberagg rules validate|test</c> as a user runs them.</summary>
public sealed class RulesCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-rules").FullName;

    [Fact]
    public async Task Validate_ShippedRules_AllCompile()
    {
        var result = await Run("rules", "validate", Path.Combine(AppContext.BaseDirectory, "rules"));

        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        result.Output.ShouldContain("0 failed");
    }

    [Fact]
    public async Task Validate_BrokenRule_ExitsOneNamingFileAndReason()
    {
        File.WriteAllText(Path.Combine(dir, "bad.yml"), "title: broken\nid: 6f0b2b0e-0000-4000-8000-000000000001\nlogsource:\n  product: x\ndetection:\n  sel:\n    Image|nosuchmodifier: a\n  condition: sel\n");

        var result = await Run("rules", "validate", dir);

        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("bad.yml");
        result.Output.ShouldContain("nosuchmodifier");
    }

    [Fact]
    public async Task Test_WindowsAndEcsEvents_PrintsOneJsonLinePerMatchIncludingCorrelations()
    {
        var events = Path.Combine(dir, "events.jsonl");
        File.WriteAllLines(events,
        [
            """{"@timestamp":"2026-11-24T10:00:00Z","observer.partner":"ee-cert","observer.country":"EE","event.kind":"alert","source.ip":"203.0.113.7"}""",
            """{"@timestamp":"2026-11-24T10:01:00Z","observer":{"partner":"lv-cert","country":"LV"},"event":{"kind":"alert"},"source":{"ip":"203.0.113.7"}}""",
        ]);

        var result = await Run("rules", "test", Path.Combine(AppContext.BaseDirectory, "rules"), events);

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Count(l => l.GetProperty("event_index").GetInt32() == 0).ShouldBe(1);
        lines.Count(l => l.TryGetProperty("correlation", out var kind) && kind.GetString() == "ValueCount" && l.GetProperty("group_key").GetString() == "203.0.113.7" && l.GetProperty("event_index").GetInt32() == 1).ShouldBe(1);
        lines.ShouldAllBe(l => l.GetProperty("rule_id").GetString()!.Length > 0 && l.GetProperty("title").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Test_EventsInReverseOrder_CorrelatesInEventTimeOrderAndSummarisesOnStderr()
    {
        // 100 events, newest first: EE sightings every 10 minutes, one LV sighting of the same IP at the end.
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var lines = Enumerable.Range(0, 99)
            .Select(i => $$$"""{"@timestamp":"{{{start.AddMinutes(10 * i):O}}}","observer.partner":"ee-cert","observer.country":"EE","event.kind":"alert","source.ip":"203.0.113.9"}""")
            .Append($$$"""{"@timestamp":"{{{start.AddMinutes(10 * 98 + 2):O}}}","observer.partner":"lv-cert","observer.country":"LV","event.kind":"alert","source.ip":"203.0.113.9"}""")
            .Reverse();
        var events = Path.Combine(dir, "reversed.jsonl");
        File.WriteAllLines(events, lines);

        var result = await Run("rules", "test", Path.Combine(AppContext.BaseDirectory, "rules"), events);

        result.ExitCode.ShouldBe(0, result.Error);
        var alerts = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("correlation", out var kind) && kind.GetString() == "ValueCount")
            .ToList();
        alerts.Count.ShouldBe(1, result.Output);
        alerts[0].GetProperty("event_count").GetInt32().ShouldBe(3, "the 15-minute window before the LV sighting holds two EE sightings");
        result.Error.ShouldContain("100 events");
        result.Error.ShouldContain("0 late");
        result.Error.ShouldContain("1 correlation alerts");
    }

    [Theory]
    [InlineData("{\"a\": ")]
    [InlineData("[1, 2, {\"x\": }]")]
    [InlineData("\u0000\u0001garbage")]
    public async Task Test_MalformedEventsFile_ReportsIndexOnStderrAndExitsOne(string content)
    {
        var events = Path.Combine(dir, "bad.json");
        File.WriteAllText(events, content);

        var result = await Run("rules", "test", Path.Combine(AppContext.BaseDirectory, "rules"), events);

        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("event ");
    }

    private static Task<(int ExitCode, string Output, string Error)> Run(params string[] args) =>
        ExternalTool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "cyberagg.dll"), .. args]);

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
