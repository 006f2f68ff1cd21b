using System.Text.RegularExpressions;
using ClickHouse.Driver.Utility;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>The restart's read-back of recently stored ids: by arrival, whatever the events' own times, and through the index.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed partial class LedgerSeedQueryTests(ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task LedgerSeedQuery_OldAndRecentArrivals_ReadsTheRecentWhateverTheirTimeThroughTheIngestedAtIndex()
    {
        var database = "c_" + Guid.NewGuid().ToString("N");
        await SchemaMigrator.ApplyAsync(clickHouse.ConnectionString(), database);
        using var connection = await clickHouse.OpenAsync(database);
        // 40,000 events stored two hours ago, then 30 stored just now: 10 stamped a month back (a replay), 20 today.
        await connection.ExecuteStatementAsync(
            "INSERT INTO events (event_id, ts, ingested_at, partner, country) SELECT concat('old-', toString(number)), now64(3) - INTERVAL 1 HOUR, now64(3) - INTERVAL 2 HOUR, 'ee-cert', 'EE' FROM numbers(40000)");
        await connection.ExecuteStatementAsync(
            "INSERT INTO events (event_id, ts, ingested_at, partner, country) SELECT concat('new-', toString(number)), if(number < 10, now64(3) - INTERVAL 30 DAY, now64(3)), now64(3), 'ee-cert', 'EE' FROM numbers(30)");

        List<string> ids = [];
        using (var reader = await connection.ExecuteReaderAsync(CorrelatorPipeline.LedgerSeedQuery(database)))
        {
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        ids.Order().ShouldBe(Enumerable.Range(0, 30).Select(i => $"new-{i}").Order(), "every id stored in the last 30 minutes, the month-old events' too, and none before");

        List<string> plan = [];
        using (var reader = await connection.ExecuteReaderAsync("EXPLAIN indexes = 1 " + CorrelatorPipeline.LedgerSeedQuery(database)))
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0).Trim());
            }
        }

        var text = string.Join('\n', plan);
        var index = plan.FindIndex(l => l == "Name: idx_ingested_at");
        index.ShouldBeGreaterThanOrEqualTo(0, text);
        var granules = plan.Skip(index).Select(l => Granules().Match(l)).First(m => m.Success);
        int.Parse(granules.Groups["selected"].Value).ShouldBeLessThan(int.Parse(granules.Groups["total"].Value), text);
    }

    [GeneratedRegex(@"^Granules: (?<selected>\d+)/(?<total>\d+)$")]
    private static partial Regex Granules();
}
