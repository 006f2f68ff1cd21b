using CyberAgg.Configuration;
using CyberAgg.Configuration.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CyberAgg.Cli.Commands;

/// <summary>Where <c>serve</c> is scraped and probed, and where it sends metrics and traces (section <c>telemetry</c>).</summary>
internal sealed class TelemetryOptions
{
    /// <summary>The correlator's <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (host:port); <c>off</c> disables it.</summary>
    [ConfigurationKeyName("listen")]
    public string Listen { get; set; } = "127.0.0.1:9464";

    /// <summary>An OTLP/gRPC endpoint such as http://otel-collector:4317; empty disables the export.</summary>
    [ConfigurationKeyName("otlp_endpoint")]
    public string? OtlpEndpoint { get; set; }

    /// <summary>Whether the health and metrics listener is switched off.</summary>
    public bool ListenerOff => string.IsNullOrWhiteSpace(Listen) || string.Equals(Listen, "off", StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (!ListenerOff && (!Uri.TryCreate("http://" + Listen, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || Listen.Contains('/', StringComparison.Ordinal)))
        {
            throw new ConfigurationException("telemetry.listen", $"'{Listen}' is not host:port, e.g. 127.0.0.1:9464 or 0.0.0.0:9464 (or off).");
        }

        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
        {
            throw new ConfigurationException("telemetry.otlp_endpoint", $"'{OtlpEndpoint}' is not a URL, e.g. http://otel-collector:4317.");
        }
    }

    /// <summary>Starts OTLP export of the CyberAgg meters and activity sources (and ClickHouse.Driver's); null when not configured.</summary>
    public IDisposable? Start(string serviceName)
    {
        Validate();
        if (string.IsNullOrWhiteSpace(OtlpEndpoint))
        {
            return null;
        }

        var endpoint = new Uri(OtlpEndpoint);
        string[] names = ["CyberAgg.Correlator", "CyberAgg.Federation", "CyberAgg.Api", "CyberAgg.Sharing", "ClickHouse.Driver"];
        var meters = Sdk.CreateMeterProviderBuilder().AddCyberAggDefaults(serviceName).AddMeter(names).AddOtlpExporter(o => o.Endpoint = endpoint).Build();
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(ResourceBuilder.CreateDefault().AddCyberAggService(serviceName)).AddSource(names).AddOtlpExporter(o => o.Endpoint = endpoint).Build();
        return new Both(meters, traces);
    }

    private sealed class Both(IDisposable a, IDisposable b) : IDisposable
    {
        public void Dispose()
        {
            a.Dispose();
            b.Dispose();
        }
    }
}
