using System.Globalization;
using System.Text;
using CyberAgg.Bench.Latency;

namespace CyberAgg.Bench.Report;

/// <summary>
/// Draws the run as one SVG with no outside tools: events/s per stage over time (top), and latency percentiles of
/// the correlator against the scheduled-SQL baseline on a log scale (bottom).
/// </summary>
public static class SvgPlot
{
    private const int Width = 900;
    private const int Left = 70;
    private const int Right = 20;

    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"620\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        Rates(svg, report.Samples, report.Baselines.RawConsumeEventsPerSecond);
        Latencies(svg, report);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Rates(StringBuilder svg, IReadOnlyList<RateSample> samples, double ceiling)
    {
        const int top = 40;
        const int height = 260;
        Text(svg, Left, 24, "events/s per stage (dashed: raw consume ceiling)", "bold");
        var maxT = Math.Max(1, samples.Count == 0 ? 1 : samples[^1].Seconds);
        var maxY = Math.Max(1, Math.Max(ceiling, samples.Count == 0 ? 1 : samples.Max(x => Math.Max(x.Produced, Math.Max(x.Consumed, x.Stored))))) * 1.1;
        double X(double t) => Left + ((Width - Left - Right) * t / maxT);
        double Y(double v) => top + height - (height * v / maxY);
        Axes(svg, top, height, maxY, v => v.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var phase in samples.GroupBy(x => x.Phase))
        {
            var x0 = X(phase.First().Seconds);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x0:F1}\" y1=\"{top}\" x2=\"{x0:F1}\" y2=\"{top + height}\" stroke=\"#ccc\"/>\n");
            Text(svg, x0 + 3, top + 12, phase.Key, "normal");
        }

        Series(svg, samples.Select(x => (X(x.Seconds), Y(x.Produced))), "#1f77b4", "produced", 0);
        Series(svg, samples.Select(x => (X(x.Seconds), Y(x.Consumed))), "#ff7f0e", "consumed", 1);
        Series(svg, samples.Select(x => (X(x.Seconds), Y(x.Stored))), "#2ca02c", "stored + correlated", 2);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(ceiling):F1}\" x2=\"{Width - Right}\" y2=\"{Y(ceiling):F1}\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>\n");
        Text(svg, Width - Right - 200, top + height + 30, "seconds into the run", "normal");
    }

    private static void Latencies(StringBuilder svg, BenchReport report)
    {
        const int top = 380;
        const int height = 200;
        Text(svg, Left, top - 16, "latency at load, ms (log scale): p50 / p95 / p99", "bold");
        (string Name, LatencySummary L, string Color)[] rows =
        [
            ("event → alert", report.Latency.EventToAlertAtLoad, "#2ca02c"),
            ("event → queryable", report.Latency.EventToQueryableAtLoad, "#1f77b4"),
            ("scheduled SQL", report.Baselines.SqlDetectionAtLoad, "#d62728"),
        ];
        var maxMs = Math.Max(10, rows.Max(r => r.L.P99Ms)) * 1.5;
        var decades = Math.Ceiling(Math.Log10(maxMs));
        double X(double ms) => 170 + ((Width - 170 - Right) * Math.Log10(Math.Max(1, ms)) / decades);
        for (var d = 0; d <= decades; d++)
        {
            var x = X(Math.Pow(10, d));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:F1}\" y1=\"{top}\" x2=\"{x:F1}\" y2=\"{top + height}\" stroke=\"#eee\"/>\n");
            Text(svg, x - 10, top + height + 16, Math.Pow(10, d).ToString("N0", CultureInfo.InvariantCulture), "normal");
        }

        var band = height / rows.Length;
        for (var i = 0; i < rows.Length; i++)
        {
            var (name, l, color) = rows[i];
            var y = top + (i * band) + 8;
            Text(svg, 10, y + 20, name, "normal");
            var values = new[] { l.P50Ms, l.P95Ms, l.P99Ms };
            for (var p = 0; p < 3; p++)
            {
                var w = X(values[p]) - 170;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"170\" y=\"{y + (p * 14)}\" width=\"{Math.Max(1, w):F1}\" height=\"12\" fill=\"{color}\" opacity=\"{1.0 - (p * 0.3):F1}\"/>\n");
                Text(svg, 175 + Math.Max(1, w), y + (p * 14) + 10, values[p].ToString("N0", CultureInfo.InvariantCulture), "normal");
            }
        }
    }

    private static void Axes(StringBuilder svg, int top, int height, double maxY, Func<double, string> label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{top + height}\" x2=\"{Width - Right}\" y2=\"{top + height}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{top}\" x2=\"{Left}\" y2=\"{top + height}\" stroke=\"black\"/>\n");
        for (var i = 0; i <= 4; i++)
        {
            var v = maxY * i / 4;
            var y = top + height - (height * i / 4.0);
            Text(svg, 2, y + 4, label(v), "normal");
        }
    }

    private static void Series(StringBuilder svg, IEnumerable<(double X, double Y)> points, string color, string name, int index)
    {
        var path = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:F1},{p.Y:F1}")));
        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{path}\"/>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + 10 + (index * 170)}\" y=\"318\" width=\"12\" height=\"12\" fill=\"{color}\"/>\n");
        Text(svg, Left + 26 + (index * 170), 328, name, "normal");
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string weight) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{y:F1}\" font-weight=\"{weight}\">{System.Security.SecurityElement.Escape(text)}</text>\n");
}
