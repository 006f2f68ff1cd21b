using System.Text.Encodings.Web;
using System.Text.Json;

namespace CyberAgg.Bench.Report;

/// <summary>The JSON form of a report: snake_case keys, indented, so it diffs well next to earlier runs.</summary>
public static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(BenchReport report) => JsonSerializer.Serialize(report, Options);
}
