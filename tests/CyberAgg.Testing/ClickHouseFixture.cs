using ClickHouse.Driver.ADO;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Storage.Schema;

namespace CyberAgg.Testing;

/// <summary>One embedded ClickHouse per test assembly, with its own data folder and the cyberagg schema applied.</summary>
public sealed class ClickHouseFixture : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "cyberagg-tests", Guid.NewGuid().ToString("N"));
    private EmbeddedClickHouse? server;

    public EmbeddedClickHouse Server => server ?? throw new InvalidOperationException("The fixture has not started.");

    public Uri Endpoint => Server.Endpoint;

    /// <summary>The password the server generated at start into its data folder.</summary>
    public string Password => Server.Password;

    /// <summary>An HttpClient that authenticates to the server, as curl -u does.</summary>
    public HttpClient Http()
    {
        var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Server.User + ":" + Password)));
        return http;
    }

    /// <summary>curl's <c>-u user:password</c> argument for this server.</summary>
    public string CurlUser => Server.User + ":" + Password;

    public string ConnectionString(string database = "default") => Server.ConnectionString(database);

    public async Task InitializeAsync()
    {
        server = await EmbeddedClickHouse.StartAsync(new EmbeddedClickHouseOptions { Port = 0, DataPath = dataPath }, Console.Error);
        await SchemaMigrator.ApplyAsync(server.ConnectionString());
    }

    /// <summary>An open ClickHouse.Driver connection with default settings (compression on).</summary>
    public async Task<ClickHouseConnection> OpenAsync(string database = "default")
    {
        var connection = new ClickHouseConnection(ConnectionString(database));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A database no other test uses.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        using var connection = await OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
