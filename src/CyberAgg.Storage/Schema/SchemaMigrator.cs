using ClickHouse.Driver.ADO;

namespace CyberAgg.Storage.Schema;

/// <summary>Applies the schema through ClickHouse.Driver; safe to run at every start.</summary>
public static class SchemaMigrator
{
    /// <summary>Creates the database and applies every migration not recorded in <c>schema_migrations</c>.</summary>
    /// <returns>The versions applied by this call.</returns>
    public static async Task<IReadOnlyList<int>> ApplyAsync(string connectionString, string database = SchemaMigrations.DefaultDatabase, CancellationToken cancellationToken = default)
    {
        var migrations = SchemaMigrations.Load(database);
        using var connection = new ClickHouseConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"CREATE DATABASE IF NOT EXISTS {database}", cancellationToken);
        await ExecuteAsync(connection,
            $"CREATE TABLE IF NOT EXISTS {database}.schema_migrations (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY version",
            cancellationToken);

        var done = new HashSet<int>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT version FROM {database}.schema_migrations";
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                done.Add(Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        List<int> applied = [];
        foreach (var migration in migrations.Where(m => !done.Contains(m.Version)))
        {
            // Every statement is IF NOT EXISTS, so a crash between a statement and the record below is harmless.
            foreach (var statement in migration.Statements)
            {
                await ExecuteAsync(connection, statement, cancellationToken);
            }

            await ExecuteAsync(connection, $"INSERT INTO {database}.schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}')", cancellationToken);
            applied.Add(migration.Version);
        }

        return applied;
    }

    private static async Task ExecuteAsync(ClickHouseConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
