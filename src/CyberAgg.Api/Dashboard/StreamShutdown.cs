using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CyberAgg.Api.Dashboard;

/// <summary>
/// Ends the live streams as soon as the host begins to stop. Kestrel's graceful shutdown otherwise waits for them (up to
/// its 30 s shutdown timeout) while they keep sending keep-alives, so dashboards said "Live: on" for a server going away.
/// </summary>
internal static class StreamShutdown
{
    public static IApplicationBuilder UseStreamShutdown(this IApplicationBuilder app)
    {
        var open = new ConcurrentDictionary<HttpContext, byte>();
        var lifetime = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var context in open.Keys)
            {
                context.Abort();
            }
        });
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api/alerts/stream", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            open.TryAdd(context, 0);
            try
            {
                if (lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    context.Abort();
                    return;
                }

                await next(context);
            }
            finally
            {
                open.TryRemove(context, out _);
            }
        });
    }
}
