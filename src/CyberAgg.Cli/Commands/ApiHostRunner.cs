using CyberAgg.Api.Hosting;
using CyberAgg.Configuration;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Service;
using CyberAgg.Storage.Writers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands;

/// <summary>Runs the partner-scoped API with its dashboard and the sharing service that fills each partner's feed.</summary>
internal sealed class ApiHostRunner : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SharingService sharing;
    private readonly AuditLog audit;
    private readonly ClickHouseWriter writer;

    private ApiHostRunner(WebApplication app, SharingService sharing, AuditLog audit, ClickHouseWriter writer)
    {
        this.app = app;
        this.sharing = sharing;
        this.audit = audit;
        this.writer = writer;
    }

    /// <summary>The dashboard's address.</summary>
    public Uri Address => app.BoundAddress();

    /// <summary>Starts both; a taken port is a <see cref="ConfigurationException"/> naming <paramref name="portFlag"/>.</summary>
    public static async Task<ApiHostRunner> StartAsync(ApiOptions options, SharingPolicy policy, ILoggerFactory loggers, string portFlag, CancellationToken cancellationToken, CyberAgg.Api.Federation.IClearValueExchange? exchange = null)
    {
        options.Validate();
        var app = ApiHost.Build(
            options,
            policy,
            TimeProvider.System,
            logging => logging.SetMinimumLevel(LogLevel.Warning)
                // Kestrel logs a failed bind as a critical stack trace before throwing; the throw becomes one line below.
                .AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.None),
            services =>
            {
                if (exchange is not null)
                {
                    services.AddSingleton(exchange);
                }
            });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync();
            throw new ConfigurationException(portFlag, $"{options.Listen} is already in use; stop what holds it or choose another port with {portFlag}.", e);
        }

        var writer = new ClickHouseWriter(options.ClickHouse.ConnectionString());
        var audit = new AuditLog(writer, options.ClickHouse.Database, loggers.CreateLogger("CyberAgg.Sharing.Audit"));
        var sharing = new SharingService(policy, options.Kafka, audit, new SharingServiceOptions(), TimeProvider.System, loggers.CreateLogger<SharingService>());
        await sharing.StartAsync(cancellationToken);
        return new ApiHostRunner(app, sharing, audit, writer);
    }

    /// <summary>Loads and validates <c>sharing.yaml</c>.</summary>
    public static SharingPolicy LoadPolicy(string path) => new(SharingConfigLoader.LoadFile(path));

    public async ValueTask DisposeAsync()
    {
        await sharing.StopAsync(CancellationToken.None);
        sharing.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await audit.DisposeAsync();
        writer.Dispose();
    }
}
