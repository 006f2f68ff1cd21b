using ClickHouse.Driver.Utility;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;

namespace CyberAgg.Storage.Tests.Schema;

[Collection(StorageCollection.Name)]
public sealed class SchemaMigratorTests(ClickHouseFixture fixture)
{
    [Fact]
    public async Task ApplyAsync_SecondRun_AppliesNothingAndChangesNothing()
    {
        var db = "m_" + Guid.NewGuid().ToString("N");

        var first = await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), db);
        var second = await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), db);

        first.ShouldBe(SchemaMigrations.Load(db).Select(m => m.Version).ToArray());
        second.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("events", "event_id:String;ts:DateTime64(3, 'UTC');ingested_at:DateTime64(3, 'UTC');partner:LowCardinality(String);country:LowCardinality(String);category:LowCardinality(String);action:LowCardinality(String);severity:UInt8;source_ip:String;destination_ip:String;domain:String;file_sha256:String;technique:LowCardinality(String);tlp:LowCardinality(String);message:String;attributes:Map(String, String)")]
    [InlineData("alerts", "alert_id:String;rule_id:LowCardinality(String);rule_title:LowCardinality(String);level:LowCardinality(String);raised_at:DateTime64(3, 'UTC');first_seen:DateTime64(3, 'UTC');last_seen:DateTime64(3, 'UTC');group_key:String;countries:Array(LowCardinality(String));partners:Array(LowCardinality(String));event_count:UInt64;tlp:LowCardinality(String);status:LowCardinality(String)")]
    public async Task Schema_ContractTables_HaveTheDesignColumns(string table, string expected)
    {
        using var connection = await fixture.OpenAsync();
        var actual = new Dictionary<string, string>();
        using (var reader = await connection.ExecuteReaderAsync($"SELECT name, type FROM system.columns WHERE database = 'cyberagg' AND table = '{table}'"))
        {
            while (await reader.ReadAsync())
            {
                actual[reader.GetString(0)] = reader.GetString(1);
            }
        }

        foreach (var pair in expected.Split(';'))
        {
            var (name, type) = (pair[..pair.IndexOf(':', StringComparison.Ordinal)], pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            actual.ShouldContainKey(name);
            actual[name].ShouldBe(type, $"{table}.{name}");
        }
    }

    [Fact]
    public async Task Rollup_EventsInserted_PerMinuteCountsAppear()
    {
        var db = "r_" + Guid.NewGuid().ToString("N");
        await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), db);
        using var connection = await fixture.OpenAsync(db);

        await connection.ExecuteStatementAsync("""
            INSERT INTO events (event_id, ts, partner, country, category) VALUES
            ('a', '2026-11-24 10:00:01', 'ee-cert', 'EE', 'network'),
            ('b', '2026-11-24 10:00:59', 'ee-cert', 'EE', 'network'),
            ('c', '2026-11-24 10:01:00', 'lv-cert', 'LV', 'network')
            """);

        var rows = new List<string>();
        using var reader = await connection.ExecuteReaderAsync("SELECT toString(minute), partner, sum(events) FROM events_per_minute GROUP BY minute, partner ORDER BY minute, partner");
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetValue(2)}");
        }

        rows.ShouldBe(["2026-11-24 10:00:00 ee-cert 2", "2026-11-24 10:01:00 lv-cert 1"]);
    }

    [Fact]
    public async Task EventsTable_SameBatchReplayedWithItsToken_StoredOnce()
    {
        var db = "d_" + Guid.NewGuid().ToString("N");
        await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), db);
        using var connection = await fixture.OpenAsync(db);

        for (var replay = 0; replay < 3; replay++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO events (event_id, ts, partner, country) VALUES ('x1', '2026-11-24 10:00:00', 'ee-cert', 'EE'), ('x2', '2026-11-24 10:00:00', 'ee-cert', 'EE')";
            command.CustomSettings["insert_deduplication_token"] = "events.v1-0-1000-1999";
            command.CustomSettings["deduplicate_blocks_in_dependent_materialized_views"] = "1";
            await command.ExecuteNonQueryAsync();
        }

        (await connection.ExecuteScalarAsync("SELECT count() FROM events")).ShouldBe(2UL);
        (await connection.ExecuteScalarAsync("SELECT sum(events) FROM events_per_minute")).ShouldBe(2UL);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("cyberagg; DROP TABLE x")]
    [InlineData("a-b")]
    public void Load_InvalidDatabaseName_ThrowsNamingIt(string database)
    {
        Should.Throw<ArgumentException>(() => SchemaMigrations.Load(database)).Message.ShouldContain($"'{database}'");
    }

    [Fact]
    public void Load_EveryMigration_IsIdempotentDdl()
    {
        foreach (var statement in SchemaMigrations.Load().SelectMany(m => m.Statements))
        {
            if (statement.StartsWith("INSERT INTO ", StringComparison.Ordinal))
            {
                // A backfill runs once: it inserts only while its target is still empty.
                var target = statement["INSERT INTO ".Length..statement.IndexOf(' ', "INSERT INTO ".Length)];
                statement.ShouldContain($"WHERE (SELECT count() FROM {target}) = 0", customMessage: statement);
                continue;
            }

            statement.ShouldMatch(@"^(CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS |ALTER TABLE \w+\.\w+ (ADD COLUMN|ADD INDEX) IF NOT EXISTS )", customMessage: statement);
        }
    }
}
