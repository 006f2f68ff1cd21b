using System.Text.RegularExpressions;

namespace CyberAgg.Deploy.Tests.Support;

/// <summary>Splits a SQL file the way <c>clickhouse-client --multiquery</c> runs it: statements end with <c>;</c> at a line end.</summary>
public static partial class SqlScript
{
    /// <summary>The statements of <paramref name="path"/>, without comment lines.</summary>
    public static IReadOnlyList<string> Statements(string path) =>
        StatementEnd().Split(File.ReadAllText(path))
            .Select(s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(s => s.Length > 0)
            .ToArray();

    [GeneratedRegex(@";[ \t]*(\r?\n|$)")]
    private static partial Regex StatementEnd();
}
