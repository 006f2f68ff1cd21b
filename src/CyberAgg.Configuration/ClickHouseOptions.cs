using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration;

/// <summary>How to reach ClickHouse over HTTP (section <c>clickhouse</c>).</summary>
public sealed class ClickHouseOptions
{
    [ConfigurationKeyName("url")]
    public string Url { get; set; } = "http://127.0.0.1:18123";

    [ConfigurationKeyName("database")]
    public string Database { get; set; } = "cyberagg";

    [ConfigurationKeyName("username")]
    public string Username { get; set; } = "default";

    /// <summary>
    /// A secret: write <c>${env:NAME}</c> or <c>${file:/path}</c>. Empty: <see cref="PasswordVariable"/>, else, for a
    /// loopback URL, the password the embedded ClickHouse generated in <see cref="EmbeddedPasswordFile"/>.
    /// </summary>
    [ConfigurationKeyName("password")]
    public string Password { get; set; } = "";

    /// <summary>Environment variable holding the ClickHouse password when none is configured.</summary>
    public const string PasswordVariable = "CYBERAGG_CLICKHOUSE_PASSWORD";

    /// <summary>Where <c>cyberagg infra</c> (default <c>--data</c>) keeps the embedded ClickHouse's generated password.</summary>
    public static readonly string EmbeddedPasswordFile = Path.Combine(".cyberagg", "clickhouse", "password");

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public void Validate(string section = "clickhouse")
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"{section}.url", $"'{Url}' is not an http(s) URL, e.g. http://127.0.0.1:8123.");
        }

        if (string.IsNullOrWhiteSpace(Database) || !Database.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ConfigurationException($"{section}.database", $"'{Database}' must be letters, digits and underscores.");
        }
    }

    /// <summary>A ClickHouse.Driver connection string.</summary>
    public string ConnectionString() => ConnectionString(Database);

    /// <summary>
    /// The connection string with another session database: <c>default</c> reaches a server whose configured
    /// database does not exist yet (the schema migrator creates it).
    /// </summary>
    public string ConnectionString(string database)
    {
        var uri = new Uri(Url);
        return $"Host={uri.Host};Port={uri.Port};Protocol={uri.Scheme};Username={Username};Password={EffectivePassword(uri, Environment.GetEnvironmentVariable)};Database={database}";
    }

    /// <summary>The configured password, else the environment's, else the embedded ClickHouse's file for a loopback URL.</summary>
    internal string EffectivePassword(Uri uri, Func<string, string?> environment, string? embeddedPasswordFile = null)
    {
        embeddedPasswordFile ??= EmbeddedPasswordFile;
        if (Password.Length > 0)
        {
            return Password;
        }

        if (environment(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        return uri.IsLoopback && File.Exists(embeddedPasswordFile) ? File.ReadAllText(embeddedPasswordFile).Trim() : "";
    }

    /// <summary>Connection details without the password, safe for logs.</summary>
    public override string ToString() => $"{Url} (database {Database}, user {Username})";
}
