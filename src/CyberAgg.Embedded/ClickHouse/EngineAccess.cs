namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// The grants of the engine's one user, written as the configuration chDB starts with. Without <c>SOURCES</c>,
/// <c>SYSTEM</c>, <c>BACKUP</c>, <c>CREATE DICTIONARY</c> or <c>TABLE ENGINE</c> on File, URL and the like, no query can
/// reach the host's files or the network through table functions, table engines or file paths used as table names.
/// </summary>
internal static class EngineAccess
{
    /// <summary>What HTTP clients (and the product's own components) need: data, schema and introspection.</summary>
    public const string Grants =
        "GRANT SHOW, SELECT, INSERT, ALTER, CREATE DATABASE, CREATE TABLE, CREATE VIEW, CREATE TEMPORARY TABLE, " +
        "DROP DATABASE, DROP TABLE, DROP VIEW, TRUNCATE, OPTIMIZE, KILL QUERY ON *.*";

    /// <summary>Writes the configuration under <paramref name="dataPath"/> and returns the path to pass as <c>--config-file</c>.</summary>
    public static string WriteConfiguration(string dataPath)
    {
        var folder = Path.Combine(dataPath, "embedded-config");
        Directory.CreateDirectory(folder);
        var users = Path.Combine(folder, "users.xml");
        var config = Path.Combine(folder, "config.xml");
        // The engine user needs no password: only this process reaches it; HTTP clients authenticate in front of it.
        File.WriteAllText(users, $"""
            <clickhouse>
              <profiles><default></default></profiles>
              <quotas><default></default></quotas>
              <users>
                <default>
                  <password></password>
                  <networks><ip>::/0</ip></networks>
                  <profile>default</profile>
                  <quota>default</quota>
                  <grants><query>{Grants}</query></grants>
                </default>
              </users>
            </clickhouse>
            """);
        File.WriteAllText(config, $"""
            <clickhouse>
              <users_config>{System.Security.SecurityElement.Escape(users)}</users_config>
            </clickhouse>
            """);
        return config;
    }
}
