using ClickHouse.Driver.ADO;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;

namespace CyberAgg.Storage.Tests.Schema;

/// <summary>Migration 0011: the TLP rollup is backfilled once from the events already stored, then kept by its view.</summary>
[Collection(StorageCollection.Name)]
public sealed class TlpRollupMigrationTests(ClickHouseFixture fixture)
{
    [Fact]
    public async Task Apply_EventsStoredBeforeTheRollup_AreBackfilledOnceThenCountedByTheView()
    {
        var db = "m11_" + Guid.NewGuid().ToString("N")[..12];
        var before = SchemaMigrations.Load(db).Where(m => m.Version < 11).ToArray();
        using var connection = await fixture.OpenAsync();
        await ExecuteAsync(connection, $"CREATE DATABASE {db}");
        foreach (var statement in before.SelectMany(m => m.Statements))
        {
            await ExecuteAsync(connection, statement);
        }

        await ExecuteAsync(connection, $"INSERT INTO {db}.events (event_id, ts, partner, category, tlp) VALUES ('a', toStartOfHour(now() - INTERVAL 1 DAY), 'ee-cert', 'x', 'RED'), ('b', toStartOfHour(now() - INTERVAL 1 DAY) + 30, 'ee-cert', 'x', 'AMBER')");
        var migration = SchemaMigrations.Load(db).Single(m => m.Version == 11);
        foreach (var statement in migration.Statements.Concat(migration.Statements))
        {
            await ExecuteAsync(connection, statement);
        }

        await ExecuteAsync(connection, $"INSERT INTO {db}.events (event_id, ts, partner, category, tlp) VALUES ('c', toStartOfHour(now() - INTERVAL 1 DAY) + 40, 'ee-cert', 'x', 'RED')");

        (await ScalarAsync(connection, $"SELECT arrayStringConcat(groupArray(concat(tlp, '=', toString(n))), ',') FROM (SELECT tlp, sum(events) AS n FROM {db}.events_per_minute_tlp GROUP BY tlp ORDER BY tlp)"))
            .ShouldBe("AMBER=1,RED=2");
    }

    private static async Task ExecuteAsync(ClickHouseConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ScalarAsync(ClickHouseConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
