using System.Text;
using System.Text.RegularExpressions;

namespace CyberAgg.Storage.Schema;

/// <summary>Renders the single-node migrations as cluster DDL: ReplicatedMergeTree local tables behind Distributed tables of the same names.</summary>
/// <remarks>
/// The migrations stay the one source of the schema: every table keeps its columns, sort key, partitioning and TTL
/// verbatim, so a migration added for one machine reaches the cluster by re-rendering, and a statement this
/// renderer does not understand fails loudly instead of being half-translated.
/// </remarks>
public static partial class ClusterSchema
{
    /// <summary>The cluster name used in <c>remote_servers</c> of the shipped deployments.</summary>
    public const string DefaultCluster = "cyberagg";

    /// <summary>Suffix of the per-shard table that a Distributed table of the contract name reads and writes.</summary>
    public const string LocalSuffix = "_local";

    /// <summary>
    /// How each table's rows are spread over shards. Keys are deterministic functions of the row so a replayed batch
    /// lands on the same shard and its <c>insert_deduplication_token</c> drops it there; alerts shard by id so every
    /// status version of one alert meets in one ReplacingMergeTree. Null means rows only arrive through a
    /// materialised view on each shard, so the Distributed table refuses direct inserts.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ShardingKeys { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["events"] = "cityHash64(event_id)",
        ["alerts"] = "cityHash64(alert_id)",
        ["deadletter"] = "cityHash64(topic, kafka_partition, kafka_offset)",
        ["events_per_minute"] = null,
        ["events_per_minute_tlp"] = null,
        ["ingest_batches"] = "cityHash64(topic, partition)",
        ["ingest_gaps"] = "cityHash64(topic, partition)",
        ["sharing_audit"] = "cityHash64(alert_id)",
        ["federation_exchange_audit"] = "cityHash64(request_id)",
    };

    /// <summary>The statements that create the schema on every node of <paramref name="cluster"/>, in order.</summary>
    /// <exception cref="InvalidOperationException">A migration holds a statement or table this renderer has no rule for.</exception>
    public static IReadOnlyList<string> Render(string database = SchemaMigrations.DefaultDatabase, string cluster = DefaultCluster) =>
        Render(SchemaMigrations.Load(database), database, cluster);

    /// <summary>Renders <paramref name="migrations"/>, already loaded for <paramref name="database"/>, for <paramref name="cluster"/>.</summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<Migration> migrations, string database, string cluster)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        if (!Identifier().IsMatch(cluster))
        {
            throw new ArgumentException($"Cluster name '{cluster}' must be letters, digits and underscores, starting with a letter.", nameof(cluster));
        }

        var tables = new HashSet<string>(StringComparer.Ordinal);
        List<string> statements = [$"CREATE DATABASE IF NOT EXISTS {database} ON CLUSTER {cluster}"];
        foreach (var statement in migrations.SelectMany(m => m.Statements))
        {
            statements.AddRange(RenderStatement(statement, database, cluster, tables));
        }

        // SchemaMigrator finds every version recorded, so a correlator pointed at the cluster creates nothing itself.
        // The table lives on every node (one Keeper path for all shards) because the migrator may reach any of them.
        statements.Add(
            $"CREATE TABLE IF NOT EXISTS {database}.schema_migrations ON CLUSTER {cluster} (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) " +
            $"ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/schema_migrations', '{{replica}}') ORDER BY version");
        statements.Add(
            $"INSERT INTO {database}.schema_migrations (version, name) VALUES " +
            string.Join(", ", migrations.Select(m => $"({m.Version}, '{m.Name}')")));
        return statements;
    }

    /// <summary>The rendered statements as one script for <c>clickhouse-client --multiquery</c>, each ending with <c>;</c> on its own line end.</summary>
    public static string RenderScript(string database = SchemaMigrations.DefaultDatabase, string cluster = DefaultCluster)
    {
        var script = new StringBuilder();
        script.Append("-- Generated from src/CyberAgg.Storage/Schema/Migrations by ClusterSchema.RenderScript(\"").Append(database)
            .Append("\", \"").Append(cluster).Append("\"). Do not edit: change the migrations and regenerate (deploy/README.md).\n");
        script.Append("-- Apply once per cluster: clickhouse-client --multiquery < schema.sql (every statement is ON CLUSTER and idempotent).\n");
        foreach (var statement in Render(database, cluster))
        {
            script.Append('\n').Append(statement).Append(";\n");
        }

        return script.ToString();
    }

    private static string[] RenderStatement(string statement, string database, string cluster, HashSet<string> tables)
    {
        if (Backfill().IsMatch(statement))
        {
            // A backfill moves data a single node already holds; a cluster is created empty, so there is nothing to move.
            return [];
        }

        var table = CreateTable().Match(statement);
        if (table.Success)
        {
            return RenderTable(table, database, cluster, tables);
        }

        var view = CreateMaterializedView().Match(statement);
        if (view.Success)
        {
            return [RenderView(view, database, cluster, tables)];
        }

        var alter = AlterTable().Match(statement);
        if (alter.Success && tables.Contains(alter.Groups["name"].Value))
        {
            // A column added to a table changes the local table on every node and the distributed one over it.
            var name = alter.Groups["name"].Value;
            return
            [
                $"ALTER TABLE {database}.{name}{LocalSuffix} ON CLUSTER {cluster} {alter.Groups["rest"].Value}",
                $"ALTER TABLE {database}.{name} ON CLUSTER {cluster} {alter.Groups["rest"].Value}",
            ];
        }

        var index = AlterTableIndex().Match(statement);
        if (index.Success && tables.Contains(index.Groups["name"].Value))
        {
            // Indexes live with the data, in the local table on every node; a Distributed table has none.
            return [$"ALTER TABLE {database}.{index.Groups["name"].Value}{LocalSuffix} ON CLUSTER {cluster} {index.Groups["rest"].Value}"];
        }

        throw new InvalidOperationException($"ClusterSchema has no cluster rendering for this migration statement; add one: {statement}");
    }

    private static string[] RenderTable(Match table, string database, string cluster, HashSet<string> tables)
    {
        var name = table.Groups["name"].Value;
        if (!ShardingKeys.TryGetValue(name, out var shardingKey))
        {
            throw new InvalidOperationException($"Table '{name}' has no entry in ClusterSchema.ShardingKeys; choose a deterministic sharding key (or null for a rollup) before it can run on a cluster.");
        }

        var local = name + LocalSuffix;
        var args = table.Groups["args"].Success && table.Groups["args"].Value.Length > 0 ? ", " + table.Groups["args"].Value : "";
        var engine = $"Replicated{table.Groups["engine"].Value}('/clickhouse/tables/{{shard}}/{database}/{local}', '{{replica}}'{args})";
        var rest = table.Groups["rest"].Value.Replace("non_replicated_deduplication_window", "replicated_deduplication_window", StringComparison.Ordinal);
        tables.Add(name);

        var sharding = shardingKey is null ? "" : ", " + shardingKey;
        return
        [
            $"CREATE TABLE IF NOT EXISTS {database}.{local} ON CLUSTER {cluster}\n({table.Groups["columns"].Value}\n)\nENGINE = {engine}{rest}",
            $"CREATE TABLE IF NOT EXISTS {database}.{name} ON CLUSTER {cluster} AS {database}.{local}\nENGINE = Distributed('{cluster}', '{database}', '{local}'{sharding})",
        ];
    }

    private static string RenderView(Match view, string database, string cluster, HashSet<string> tables)
    {
        // Each shard's view reads the local table its inserts land in and writes the local rollup beside it.
        var body = TableReference().Replace(view.Groups["body"].Value, m =>
            m.Groups["db"].Value != database ? m.Value
            : tables.Contains(m.Groups["table"].Value) ? $"{database}.{m.Groups["table"].Value}{LocalSuffix}"
            : throw new InvalidOperationException($"Materialised view '{view.Groups["name"].Value}' references '{m.Value}', which no earlier migration creates."));
        return $"CREATE MATERIALIZED VIEW IF NOT EXISTS {database}.{view.Groups["name"].Value} ON CLUSTER {cluster} {body}";
    }

    [GeneratedRegex(@"^CREATE TABLE IF NOT EXISTS (?<db>\w+)\.(?<name>\w+)\s*\((?<columns>.*)\n\)\s*ENGINE = (?<engine>\w*MergeTree)(?:\((?<args>[^()]*)\))?(?<rest>\s.*)?$", RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^ALTER TABLE (?<db>\w+)\.(?<name>\w+)\s+(?<rest>ADD COLUMN .*)$", RegexOptions.Singleline)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"^ALTER TABLE (?<db>\w+)\.(?<name>\w+)\s+(?<rest>ADD INDEX .*)$", RegexOptions.Singleline)]
    private static partial Regex AlterTableIndex();

    [GeneratedRegex(@"^CREATE MATERIALIZED VIEW IF NOT EXISTS (?<db>\w+)\.(?<name>\w+)\s+(?<body>TO .*)$", RegexOptions.Singleline)]
    private static partial Regex CreateMaterializedView();

    [GeneratedRegex(@"\b(?<db>[A-Za-z_]\w*)\.(?<table>[A-Za-z_]\w*)\b")]
    private static partial Regex TableReference();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^INSERT INTO \w+\.\w+ \([^)]*\)\s+SELECT\s", RegexOptions.Singleline)]
    private static partial Regex Backfill();
}
