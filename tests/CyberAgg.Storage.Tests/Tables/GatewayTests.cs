using System.Text.RegularExpressions;

namespace CyberAgg.Storage.Tests.Tables;

/// <summary>One gateway per table: the API and the sharing service reach alerts, events and the rollups only through Storage/Tables.</summary>
public sealed partial class GatewayTests
{
    [Theory]
    [InlineData("src/CyberAgg.Api")]
    [InlineData("src/CyberAgg.Sharing")]
    public void Sources_OutsideStorage_HoldNoSqlOnAlertsEventsOrRollups(string folder)
    {
        var root = RepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line)))
            .Where(l => TableSql().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToArray();

        offenders.ShouldBeEmpty("query these tables through CyberAgg.Storage.Tables (AlertsTable, EventsTable, EventRatesTable), where scoping is applied");
    }

    [Fact]
    public void TableSql_Pattern_RecognisesARawQuery()
    {
        TableSql().IsMatch("$\"SELECT x FROM {database}.alerts FINAL\"").ShouldBeTrue();
        TableSql().IsMatch("$\"FROM {services.Store.Database}.events_per_minute \"").ShouldBeTrue();
        TableSql().IsMatch("/// Follows cyberagg.alerts.v1 from its end").ShouldBeFalse();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CyberAgg.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CyberAgg.sln not found above " + AppContext.BaseDirectory);
    }

    // SQL naming one of the gateway tables after a database placeholder: {database}.alerts, {x.Database}.events_per_minute, ...
    [GeneratedRegex(@"\}\.(alerts|events|events_per_minute\w*)\b(?!\.v1)")]
    private static partial Regex TableSql();
}
