using System.Globalization;
using System.Net;
using System.Text;

namespace CyberAgg.Simulation.Scoring;

/// <summary>Writes an exercise's score as markdown with an SVG timeline beside it.</summary>
public static class ExerciseReport
{
    public static string Markdown(ExerciseScore score, string svgFileName)
    {
        ArgumentNullException.ThrowIfNull(score);
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Exercise report: {score.Scenario.Name}");
        md.AppendLine();
        if (score.Scenario.Description.Length > 0)
        {
            md.AppendLine(score.Scenario.Description.Trim()).AppendLine();
        }

        md.AppendLine(c, $"- Played at {score.Speed:0.##}× speed: {score.Scenario.Duration} of scenario time, {score.EventsSent:N0} events from {score.Scenario.Partners.Count} partners ({string.Join(", ", score.Scenario.Partners.Select(p => $"{p.Id}/{p.Country}"))}).");
        md.AppendLine(c, $"- Detection coverage: **{score.Coverage:P0}** of the steps that crossed a border ({score.Steps.Count(s => s.Detected)} of {score.Steps.Count(s => s.DetectableAt is not null)}).");
        md.AppendLine(c, $"- Alerts: {score.TotalAlerts} in all, {score.CrossBorderAlerts} cross-border, {score.FalseAlerts.Count} not explained by any step (false alerts).");
        md.AppendLine();
        md.AppendLine("Time to detect runs from the moment the event that made a step cross-border was sent to the moment its alert arrived on `cyberagg.alerts.v1`; time to partner alert, to its arrival on a seeing partner's feed `cyberagg.alerts.<partner>.v1`. Both are wall-clock times.");
        md.AppendLine();
        md.AppendLine("| # | step | indicator | countries | detectable at | detected by | time to detect | time to partner alert |");
        md.AppendLine("|---|---|---|---|---|---|---:|---:|");
        foreach (var s in score.Steps)
        {
            md.AppendLine(c, $"| {s.Index + 1} | {s.Name} | `{s.Indicator}` | {string.Join(", ", s.Countries)} | {Format(s.DetectableAt) ?? "never (one country)"} | {(s.Detected ? s.RuleTitle : s.DetectableAt is null ? "none expected" : "**missed**")} | {Millis(s.TimeToDetect)} | {Millis(s.TimeToPartnerAlert) ?? "no partner feed"} |");
        }

        var missed = score.Steps.Where(s => s.DetectableAt is not null && !s.Detected).ToList();
        md.AppendLine();
        md.AppendLine(missed.Count == 0 ? "No step that crossed a border was missed." : $"Missed steps: {string.Join(", ", missed.Select(m => $"{m.Index + 1} ({m.Name})"))}.");
        if (score.FalseAlerts.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("False alerts (cross-border alerts no step explains):");
            foreach (var a in score.FalseAlerts.Take(20))
            {
                md.AppendLine(c, $"- {a.RuleTitle}: `{a.GroupKey}` seen in {string.Join(", ", a.Countries)}");
            }
        }

        md.AppendLine();
        md.AppendLine(c, $"![timeline]({svgFileName})");
        return md.ToString();
    }

    /// <summary>One row per step: sightings as dots, the detectable moment as a bar, the alert as a diamond (scenario time).</summary>
    public static string TimelineSvg(ExerciseScore score, IReadOnlyList<Playback.StepTruth> truth)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(truth);
        const int left = 220, width = 900, row = 34, top = 40;
        var height = top + (row * Math.Max(1, score.Steps.Count)) + 40;
        var total = Math.Max(1, score.Scenario.Duration.TotalSeconds);
        double X(TimeSpan t) => left + (width * Math.Clamp(t.TotalSeconds / total, 0, 1));
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.AppendLine(c, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(c, $"""<rect width="100%" height="100%" fill="#ffffff"/><text x="10" y="20" font-size="14" font-weight="bold">{WebUtility.HtmlEncode(score.Scenario.Name)}: sightings (dots), cross-border moment (bar), alert (diamond)</text>""");
        for (var i = 0; i < score.Steps.Count; i++)
        {
            var s = score.Steps[i];
            var y = top + (i * row) + (row / 2);
            svg.AppendLine(c, $"""<text x="10" y="{y + 4}">{WebUtility.HtmlEncode($"{i + 1}. {s.Name}")}</text><line x1="{left}" y1="{y}" x2="{left + width}" y2="{y}" stroke="#dddddd"/>""");
            foreach (var sighting in truth[i].Sightings)
            {
                svg.AppendLine(c, $"""<circle cx="{X(sighting.Offset):F1}" cy="{y}" r="4" fill="#1f5fa8"><title>{sighting.Partner} ({sighting.Country}) at {sighting.Offset}</title></circle>""");
            }

            if (s.DetectableAt is { } at)
            {
                svg.AppendLine(c, $"""<rect x="{X(at) - 1:F1}" y="{y - 10}" width="3" height="20" fill="#8a5a00"/>""");
            }

            if (s.AlertScenarioTime is { } alerted)
            {
                var x = X(alerted);
                svg.AppendLine(c, $"""<polygon points="{x:F1},{y - 8} {x + 7:F1},{y} {x:F1},{y + 8} {x - 7:F1},{y}" fill="#b00020"><title>alert after {Millis(s.TimeToDetect)}</title></polygon>""");
            }
            else if (s.DetectableAt is not null)
            {
                svg.AppendLine(c, $"""<text x="{left + width + 5}" y="{y + 4}" fill="#b00020">missed</text>""");
            }
        }

        svg.AppendLine(c, $"""<text x="{left}" y="{height - 12}">0</text><text x="{left + width - 60}" y="{height - 12}">{score.Scenario.Duration}</text></svg>""");
        return svg.ToString();
    }

    private static string? Format(TimeSpan? t) => t?.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);

    private static string? Millis(TimeSpan? t) => t is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.TotalMilliseconds:N0} ms") : null;
}
