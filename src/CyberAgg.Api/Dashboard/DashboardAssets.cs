using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace CyberAgg.Api.Dashboard;

/// <summary>Serves the dashboard from resources embedded in this assembly: no CDN, no files to deploy, an ETag per asset.</summary>
internal static class DashboardAssets
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void Map(IEndpointRouteBuilder app)
    {
        var assembly = typeof(DashboardAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            var bytes = Read(assembly, name);
            var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
            var path = name["wwwroot".Length..];
            var contentType = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            var handler = (HttpContext context) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ETag = etag.ToString();
                headers.CacheControl = "no-cache";
                return context.Request.Headers.IfNoneMatch == etag.ToString()
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Bytes(bytes, contentType);
            };
            app.MapGet(path, handler).ExcludeFromDescription();
            if (path == "/index.html")
            {
                app.MapGet("/", handler).ExcludeFromDescription();
            }
        }
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
