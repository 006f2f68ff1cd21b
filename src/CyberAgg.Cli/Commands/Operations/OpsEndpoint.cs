using CyberAgg.Configuration;
using CyberAgg.Configuration.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace CyberAgg.Cli.Commands.Operations;

/// <summary>
/// <c>/metrics</c> (Prometheus), <c>/healthz</c> and <c>/readyz</c> of a correlator on <c>telemetry.listen</c>, so a
/// correlator-only <c>serve</c> can be scraped and probed like the API.
/// </summary>
internal sealed class OpsEndpoint : IAsyncDisposable
{
    private readonly WebApplication app;

    private OpsEndpoint(WebApplication app) => this.app = app;

    /// <summary>The bound address (the real port when <c>telemetry.listen</c> asked for port 0).</summary>
    public Uri Address => CyberAgg.Api.Hosting.ApiHost.BoundAddress(app);

    /// <summary>Starts the endpoint; a taken port is a <see cref="ConfigurationException"/> naming <c>telemetry.listen</c>.</summary>
    public static async Task<OpsEndpoint> StartAsync(string listen, string serviceName, Func<CancellationToken, Task<string?>> notReadyReason, Func<object> details, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://" + listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 0;
        });
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddCyberAggDefaults(serviceName)
            .AddMeter(CyberAgg.Correlator.Telemetry.CorrelatorInstrumentation.Name, CyberAgg.Federation.FederationInstrumentation.Name, "CyberAgg.Sharing", "ClickHouse.Driver")
            .AddPrometheusExporter());
        var app = builder.Build();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok", service = serviceName, version = ProductInfo.Version }));
        app.MapGet("/readyz", async (CancellationToken token) =>
            await notReadyReason(token) is { } reason
                ? Results.Json(new { status = "not ready", reason }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Json(new { status = "ready", details = details() }));
        app.MapPrometheusScrapingEndpoint("/metrics");
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new ConfigurationException("telemetry.listen", $"{listen} is already in use; stop what holds it or choose another address with --set telemetry.listen=127.0.0.1:9465.", e);
        }

        return new OpsEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
