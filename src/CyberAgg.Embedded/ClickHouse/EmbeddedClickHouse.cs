using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// ClickHouse in this process: the chDB engine behind ClickHouse's HTTP interface, with storage that persists.
/// </summary>
public sealed class EmbeddedClickHouse : IAsyncDisposable
{
    private readonly ChdbEngine engine;
    private readonly WebApplication app;
    private int disposed;

    private EmbeddedClickHouse(ChdbEngine engine, WebApplication app, Uri endpoint, string version, string dataPath, EmbeddedClickHouseOptions options, (string Password, string? File) password)
    {
        this.engine = engine;
        this.app = app;
        Endpoint = endpoint;
        Version = version;
        DataPath = dataPath;
        User = options.User;
        Password = password.Password;
        PasswordFile = password.File;
    }

    /// <summary>The HTTP endpoint, e.g. <c>http://127.0.0.1:18123/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The port actually bound.</summary>
    public int Port => Endpoint.Port;

    /// <summary>The ClickHouse engine version, e.g. <c>26.5.1.1</c>.</summary>
    public string Version { get; }

    /// <summary>The absolute storage folder.</summary>
    public string DataPath { get; }

    /// <summary>The user HTTP clients authenticate as.</summary>
    public string User { get; }

    /// <summary>The password HTTP clients must send (Basic authentication or X-ClickHouse-Key). Never log it.</summary>
    public string Password { get; }

    /// <summary>The 0600 file that keeps the password; null when it came from the options or the environment.</summary>
    public string? PasswordFile { get; }

    /// <summary>
    /// A curl command line that runs <paramref name="sql"/>, taking the password from where it is kept
    /// (the file, or <see cref="EmbeddedClickHouseOptions.PasswordVariable"/>) so the secret itself is not printed.
    /// </summary>
    public string CurlCommand(string sql)
    {
        var secret = PasswordFile is null ? "$" + EmbeddedClickHouseOptions.PasswordVariable : $"$(cat '{PasswordFile}')";
        return $"curl -u \"{User}:{secret}\" '{Endpoint}?query={Uri.EscapeDataString(sql).Replace("%20", "+", StringComparison.Ordinal)}'";
    }

    /// <summary>A ClickHouse.Driver connection string for this server.</summary>
    public string ConnectionString(string database = "default") =>
        $"Host={Endpoint.Host};Port={Endpoint.Port};Protocol=http;Username={User};Password={Password};Database={database}";

    /// <summary>Loads chDB (fetching it on first use), opens the storage and starts the HTTP interface.</summary>
    /// <exception cref="PortInUseException">The HTTP port is taken.</exception>
    /// <exception cref="ChdbUnavailableException">libchdb.so is missing and cannot be fetched.</exception>
    public static async Task<EmbeddedClickHouse> StartAsync(EmbeddedClickHouseOptions options, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dataPath = Path.GetFullPath(options.DataPath);
        Directory.CreateDirectory(dataPath);
        var password = ClickHousePassword.Resolve(dataPath, options.Password, Environment.GetEnvironmentVariable);
        var spool = Path.Combine(dataPath, "http-spool");
        Directory.CreateDirectory(spool);
        foreach (var leftover in Directory.EnumerateFiles(spool))
        {
            // Insert data of requests a crash interrupted: they were never acknowledged, so their clients retry.
            File.Delete(leftover);
        }

        var engine = new ChdbEngine(dataPath, options.Sessions, progress);
        try
        {
            var probe = await engine.ExecuteAsync(new EngineQuery("SELECT version()", "TabSeparated", "default", [], []), cancellationToken);
            if (probe.Failed)
            {
                throw new InvalidOperationException("chDB started but cannot answer SELECT version(): " + probe.Error);
            }

            var version = Encoding.UTF8.GetString(probe.Output).Trim();
            var handler = new ClickHouseHttpHandler(engine, options, password.Password, spool, version);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(options.BindAddress, options.Port);
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
                // ClickHouse accepts URIs up to 1 MiB (http_max_uri_size); a query in ?query= can be long.
                kestrel.Limits.MaxRequestLineSize = 1024 * 1024;
                kestrel.Limits.MaxRequestHeadersTotalSize = 1024 * 1024 + 64 * 1024;
                kestrel.Limits.MaxRequestBufferSize = 2 * 1024 * 1024;
            });
            var app = builder.Build();
            app.Run(handler.HandleAsync);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await app.DisposeAsync();
                throw new PortInUseException("clickhouse", options.Port, e);
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
            return new EmbeddedClickHouse(engine, app, endpoint, version, dataPath, options, password);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
        engine.Dispose();
    }
}
