using CyberAgg.Configuration;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CyberAgg.Cli.Commands;

/// <summary>Where <c>serve</c> sends its metrics and traces (section <c>telemetry</c>); Prometheus is always on the API's /metrics.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>An OTLP/gRPC endpoint such as http://otel-collector:4317; empty disables the export.</summary>
    [ConfigurationKeyName("otlp_endpoint")]
    public string? OtlpEndpoint { get; set; }

    /// <summary>Starts OTLP export of the CyberAgg meters and activity sources (and ClickHouse.Driver's); null when not configured.</summary>
    public IDisposable? Start(string serviceName)
    {
        if (string.IsNullOrWhiteSpace(OtlpEndpoint))
        {
            return null;
        }

        if (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var endpoint))
        {
            throw new ConfigurationException("telemetry.otlp_endpoint", $"'{OtlpEndpoint}' is not a URL, e.g. http://otel-collector:4317.");
        }

        string[] names = ["CyberAgg.Correlator", "CyberAgg.Api", "CyberAgg.Sharing", "ClickHouse.Driver"];
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);
        var meters = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(names).AddOtlpExporter(o => o.Endpoint = endpoint).Build();
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(names).AddOtlpExporter(o => o.Endpoint = endpoint).Build();
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
