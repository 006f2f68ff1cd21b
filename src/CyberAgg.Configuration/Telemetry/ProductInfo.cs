using System.Reflection;

namespace CyberAgg.Configuration.Telemetry;

/// <summary>The product's one version and this process's identity, as every component reports them (service.* resource attributes).</summary>
public static class ProductInfo
{
    /// <summary>The product version (src/Directory.Build.props), without build metadata.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>
    /// <c>service.instance.id</c>: <c>CYBERAGG_INSTANCE</c> when set, else the host name (the pod name in Kubernetes)
    /// and the process id, so two processes on one host do not share an identity.
    /// </summary>
    public static string InstanceId { get; } =
        Environment.GetEnvironmentVariable("CYBERAGG_INSTANCE") is { Length: > 0 } configured
            ? configured
            : $"{Environment.MachineName}-{Environment.ProcessId}";

    private static string ReadVersion()
    {
        var informational = typeof(ProductInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
