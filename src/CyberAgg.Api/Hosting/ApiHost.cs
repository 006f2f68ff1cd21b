using CyberAgg.Api.Alerts;
using CyberAgg.Api.Auth;
using CyberAgg.Api.Dashboard;
using CyberAgg.Api.Health;
using CyberAgg.Api.Notes;
using CyberAgg.Api.Pivot;
using CyberAgg.Api.Stats;
using CyberAgg.Api.Stream;
using CyberAgg.Events.Alerts;
using CyberAgg.Configuration.Telemetry;
using CyberAgg.Sharing;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace CyberAgg.Api.Hosting;

/// <summary>Builds the API and dashboard web application that <c>cyberagg serve</c> and <c>cyberagg demo</c> start.</summary>
public static class ApiHost
{
    public const string AdminPolicy = "admin";

    /// <summary>
    /// A ready-to-start application: Kestrel on <see cref="ApiOptions.Url"/>, the live feed from Kafka, queries against
    /// ClickHouse, all scoped by <paramref name="policy"/>. Call <c>StartAsync</c>/<c>RunAsync</c>; dispose to stop.
    /// <paramref name="services"/> adds services of the host, e.g. a sovereign-mode node's <see cref="Federation.IClearValueExchange"/>.
    /// </summary>
    public static WebApplication Build(ApiOptions options, SharingPolicy policy, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ApiHost).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        if (logging is not null)
        {
            logging(builder.Logging);
        }

        builder.WebHost.UseUrls(options.Url);
        if (options.Tls)
        {
            // The slim builder leaves HTTPS out unless asked for.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            // A body trickling in slower than this (after a 5 s grace) is cut off with 408: it would hold a connection open.
            kestrel.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(5));
            if (options.Tls)
            {
                // Loaded once at start: rotate the certificate by restarting (rolling, behind the Service).
                var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(options.TlsCertificate!, options.TlsKey);
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
        });
        builder.Services.AddCyberAggApi(options, policy, time ?? TimeProvider.System);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        // A body that is too large (413) or too slow (408) is the client's fault, not a server error.
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        app.UseStreamShutdown();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapCyberAggApi();
        return app;
    }

    /// <summary>Registers the API's services, for a host that builds its own application.</summary>
    public static IServiceCollection AddCyberAggApi(this IServiceCollection services, ApiOptions options, SharingPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options);
        services.AddSingleton(policy);
        services.AddSingleton(time);
        services.AddSingleton(_ => new AlertStore(options.ClickHouse.ConnectionString(), options.ClickHouse.Database, time));
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<AlertStore>().Writer, options.ClickHouse.Database, sp.GetRequiredService<ILogger<AuditLog>>()));
        services.TryAddSingleton(_ => AlertKeyRing.Process);
        services.AddSingleton<AlertFeed>();
        services.AddSingleton(new StreamLimiter(options.MaxStreamsPerToken));
        services.AddHostedService(sp => sp.GetRequiredService<AlertFeed>());
        services.AddSingleton<PartnerSilenceMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerSilenceMonitor>());
        services.AddSingleton<ApiServices>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddAuthentication(CredentialAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CredentialAuthenticationHandler>(CredentialAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole(Principal.AdminRole));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CyberAgg API";
            document.Info.Description = "Partner-scoped alerts, live stream, statistics and STIX export. Authenticate with 'Authorization: Bearer <token>'.";
            return Task.CompletedTask;
        }));
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddCyberAggDefaults("cyberagg-api")
            .AddMeter(ApiInstrumentation.Name, SharingInstrumentation.Name, "CyberAgg.Correlator", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps <c>/api/...</c>, <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>, <c>/openapi/v1.json</c> and the dashboard at <c>/</c>.</summary>
    public static IEndpointRouteBuilder MapCyberAggApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        StreamEndpoint.Map(api);
        AlertEndpoints.Map(api);
        StatsEndpoints.Map(api);
        PrincipalEndpoints.Map(api);
        DashboardEndpoints.Map(api);
        AlertActivityEndpoints.Map(api);
        HealthEndpoints.Map(api);
        PivotEndpoints.Map(api);
        Federation.ExchangeEndpoints.Map(api);
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous().WithName("Health");
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous().WithName("Ready");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOpenApi("/openapi/{documentName}.json");
        DashboardAssets.Map(app);
        return app;
    }

    /// <summary>The address Kestrel bound (with the real port when <see cref="ApiOptions.Url"/> asked for port 0).</summary>
    public static Uri BoundAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>();
        return new Uri(addresses?.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The application has not started."));
    }

    private static async Task<IResult> ReadyAsync(ApiServices services, CancellationToken cancellationToken)
    {
        if (!services.Feed.Ready)
        {
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready", $"The live feed is not yet following {services.Options.AlertsTopic}.");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            return await services.Store.Client.PingAsync(null, timeout.Token)
                ? TypedResults.Ok(new { status = "ready" })
                : Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready", "ClickHouse does not answer.");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready", "ClickHouse does not answer: " + e.GetType().Name);
        }
    }
}
