using System.Text.RegularExpressions;
using ClickHouse.Driver.ADO;
using ClickHouse.Driver.Utility;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;

namespace CyberAgg.Storage.Tests.Schema;

[Collection(StorageCollection.Name)]
public sealed partial class ClusterSchemaTests(ClickHouseFixture fixture)
{
    private static readonly string[] ContractTables = ["events", "alerts", "deadletter", "events_per_minute"];

    [Fact]
    public void Render_EveryMigrationTable_IsReplicatedLocalBehindDistributedOfTheSameName()
    {
        var statements = ClusterSchema.Render();

        foreach (var table in ContractTables)
        {
            statements.ShouldContain(s => s.StartsWith($"CREATE TABLE IF NOT EXISTS cyberagg.{table}_local ON CLUSTER cyberagg\n", StringComparison.Ordinal)
                && s.Contains($"ENGINE = Replicated", StringComparison.Ordinal)
                && s.Contains($"'/clickhouse/tables/{{shard}}/cyberagg/{table}_local', '{{replica}}'", StringComparison.Ordinal), table);
            statements.ShouldContain(s => s.StartsWith($"CREATE TABLE IF NOT EXISTS cyberagg.{table} ON CLUSTER cyberagg AS cyberagg.{table}_local\nENGINE = Distributed('cyberagg', 'cyberagg', '{table}_local'", StringComparison.Ordinal), table);
        }
    }

    [Fact]
    public void Render_ReplacingEngineArguments_FollowTheReplicationArguments()
    {
        var alerts = ClusterSchema.Render().Single(s => s.StartsWith("CREATE TABLE IF NOT EXISTS cyberagg.alerts_local", StringComparison.Ordinal));

        alerts.ShouldContain("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/cyberagg/alerts_local', '{replica}', updated_at)");
    }

    [Fact]
    public void Render_DeduplicationWindow_BecomesTheReplicatedSetting()
    {
        var statements = ClusterSchema.Render();

        statements.ShouldNotContain(s => s.Contains("non_replicated_deduplication_window", StringComparison.Ordinal));
        statements.Single(s => s.StartsWith("CREATE TABLE IF NOT EXISTS cyberagg.events_local", StringComparison.Ordinal))
            .ShouldContain("SETTINGS replicated_deduplication_window = 1000");
    }

    [Fact]
    public void Render_Rollup_ReadsAndWritesTheLocalTablesOnEachShard()
    {
        var view = ClusterSchema.Render().Single(s => s.StartsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS cyberagg.events_per_minute_mv ", StringComparison.Ordinal));

        view.ShouldStartWith("CREATE MATERIALIZED VIEW IF NOT EXISTS cyberagg.events_per_minute_mv ON CLUSTER cyberagg TO cyberagg.events_per_minute_local AS");
        view.ShouldContain("FROM cyberagg.events_local");
        ClusterSchema.Render().Single(s => s.StartsWith("CREATE TABLE IF NOT EXISTS cyberagg.events_per_minute ", StringComparison.Ordinal))
            .ShouldEndWith("'events_per_minute_local')", customMessage: "a rollup written by its view takes no direct inserts, so no sharding key");
    }

    [Fact]
    public void Render_TlpRollup_HasItsViewOnEachShardAndNoBackfill()
    {
        var statements = ClusterSchema.Render();

        statements.Single(s => s.StartsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS cyberagg.events_per_minute_tlp_mv ", StringComparison.Ordinal))
            .ShouldContain("FROM cyberagg.events_local");
        statements.ShouldContain(s => s.StartsWith("CREATE TABLE IF NOT EXISTS cyberagg.events_per_minute_tlp_local", StringComparison.Ordinal) && s.Contains("tlp", StringComparison.Ordinal));
        statements.ShouldNotContain(s => s.StartsWith("INSERT INTO cyberagg.events_per_minute_tlp", StringComparison.Ordinal), "a new cluster has nothing to backfill");
    }

    [Fact]
    public void Render_EveryMigration_IsRecordedSoTheMigratorCreatesNothing()
    {
        var insert = ClusterSchema.Render()[^1];

        insert.ShouldBe("INSERT INTO cyberagg.schema_migrations (version, name) VALUES " +
            string.Join(", ", SchemaMigrations.Load().Select(m => $"({m.Version}, '{m.Name}')")));
    }

    [Fact]
    public void Render_OtherDatabaseAndCluster_NamesThemEverywhere()
    {
        var statements = ClusterSchema.Render("soc", "eu_west");

        statements.ShouldAllBe(s => !s.Contains("cyberagg", StringComparison.Ordinal));
        statements.Where(s => s.StartsWith("CREATE", StringComparison.Ordinal)).ShouldAllBe(s => s.Contains(" ON CLUSTER eu_west", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c; DROP DATABASE x")]
    [InlineData("{cluster}")]
    public void Render_InvalidClusterName_ThrowsNamingIt(string cluster)
    {
        Should.Throw<ArgumentException>(() => ClusterSchema.Render(cluster: cluster)).Message.ShouldContain($"'{cluster}'");
    }

    [Fact]
    public void Render_TableWithoutShardingKey_ThrowsNamingTheTable()
    {
        Migration migration = new(9, "hosts", ["CREATE TABLE IF NOT EXISTS cyberagg.hosts\n(\n    name String\n)\nENGINE = MergeTree\nORDER BY name"]);

        Should.Throw<InvalidOperationException>(() => ClusterSchema.Render([migration], "cyberagg", "cyberagg")).Message.ShouldContain("'hosts'");
    }

    [Fact]
    public void Render_IndexAddedToATable_OnlyOnTheLocalTable()
    {
        var rendered = ClusterSchema.Render("cyberagg").Where(s => s.Contains("idx_ingested_at", StringComparison.Ordinal)).ToList();

        rendered.ShouldBe(["ALTER TABLE cyberagg.events_local ON CLUSTER cyberagg ADD INDEX IF NOT EXISTS idx_ingested_at ingested_at TYPE minmax GRANULARITY 1"],
            "a Distributed table holds no data, so no index");
    }

    [Fact]
    public void Render_StatementWithoutRule_ThrowsQuotingIt()
    {
        Migration migration = new(9, "alter", ["ALTER TABLE cyberagg.events ADD COLUMN IF NOT EXISTS x String"]);

        Should.Throw<InvalidOperationException>(() => ClusterSchema.Render([migration], "cyberagg", "cyberagg")).Message.ShouldContain("ALTER TABLE cyberagg.events");
    }

    [Fact]
    public async Task Render_LocalTablesWithoutReplication_HaveTheSingleNodeColumns()
    {
        // chDB has no Keeper, so the proof strips replication and creates the tables for real: same names, types,
        // defaults, codecs and order as the migrations, judged by the engine rather than by text.
        var db = "c_" + Guid.NewGuid().ToString("N");
        var reference = "s_" + Guid.NewGuid().ToString("N");
        await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), reference);
        using var connection = await fixture.OpenAsync();
        await connection.ExecuteStatementAsync($"CREATE DATABASE {db}");
        // The local tables as created, then as later migrations alter them (columns added), in migration order.
        foreach (var statement in ClusterSchema.Render(db).Where(s =>
            (s.StartsWith("CREATE TABLE", StringComparison.Ordinal) && !s.Contains("ENGINE = Distributed", StringComparison.Ordinal))
            || (s.StartsWith("ALTER TABLE", StringComparison.Ordinal) && s.Contains(ClusterSchema.LocalSuffix + " ON CLUSTER", StringComparison.Ordinal))))
        {
            await connection.ExecuteStatementAsync(WithoutReplication(statement));
        }

        List<string> tables = [];
        using (var reader = await connection.ExecuteReaderAsync($"SELECT name FROM system.tables WHERE database = '{reference}' AND engine LIKE '%MergeTree' ORDER BY name"))
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        ContractTables.ShouldBeSubsetOf(tables);
        tables.ShouldContain("schema_migrations");
        foreach (var table in tables)
        {
            var local = table == "schema_migrations" ? table : table + ClusterSchema.LocalSuffix;
            var expected = await ColumnsAsync(connection, reference, table);
            expected.ShouldNotBeEmpty();
            (await ColumnsAsync(connection, db, local)).ShouldBe(expected, table);
        }
    }

    private static string WithoutReplication(string statement)
    {
        var plain = ReplicationArguments().Replace(statement, m => m.Groups["engine"].Value + (m.Groups["rest"].Value.Length > 0 ? $"({m.Groups["rest"].Value})" : ""));
        return ClusterClause().Replace(plain, "").Replace("replicated_deduplication_window", "non_replicated_deduplication_window", StringComparison.Ordinal);
    }

    private static async Task<List<string>> ColumnsAsync(ClickHouseConnection connection, string database, string table)
    {
        List<string> columns = [];
        using var reader = await connection.ExecuteReaderAsync(
            $"SELECT name, type, default_kind, default_expression, compression_codec FROM system.columns WHERE database = '{database}' AND table = '{table}' ORDER BY position");
        while (await reader.ReadAsync())
        {
            columns.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)} {reader.GetString(4)}");
        }

        return columns;
    }

    [GeneratedRegex(@"Replicated(?<engine>\w*MergeTree)\('[^']*', '\{replica\}'(?:, (?<rest>[^()]*))?\)")]
    private static partial Regex ReplicationArguments();

    [GeneratedRegex(@" ON CLUSTER \w+")]
    private static partial Regex ClusterClause();
}
