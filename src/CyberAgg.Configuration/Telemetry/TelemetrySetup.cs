using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CyberAgg.Configuration.Telemetry;

/// <summary>What every CyberAgg meter provider shares: the service resource and histogram buckets that fit seconds.</summary>
public static class TelemetrySetup
{
    /// <summary>
    /// Bucket boundaries (seconds) for every CyberAgg duration histogram: 1 ms to 10 s. OpenTelemetry's defaults
    /// (0, 5, 10, 25 ... 10000) are meant for milliseconds and put every sub-second value in the first bucket.
    /// </summary>
    public static IReadOnlyList<double> SecondsBoundaries { get; } =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Sets <c>service.name</c>, <c>service.version</c> (the product version) and <c>service.instance.id</c>.</summary>
    public static ResourceBuilder AddCyberAggService(this ResourceBuilder resource, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.AddService(serviceName, serviceNamespace: "cyberagg", serviceVersion: ProductInfo.Version, autoGenerateServiceInstanceId: false, serviceInstanceId: ProductInfo.InstanceId);
    }

    /// <summary>The resource and the seconds buckets for a meter provider of <paramref name="serviceName"/>.</summary>
    public static MeterProviderBuilder AddCyberAggDefaults(this MeterProviderBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var boundaries = SecondsBoundaries.ToArray();
        return builder
            .ConfigureResource(r => r.AddCyberAggService(serviceName))
            .AddView(instrument => instrument.Meter.Name.StartsWith("CyberAgg.", StringComparison.Ordinal) && instrument.Unit == "s" && IsHistogram(instrument)
                ? new ExplicitBucketHistogramConfiguration { Boundaries = boundaries }
                : null);
    }

    private static bool IsHistogram(System.Diagnostics.Metrics.Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Diagnostics.Metrics.Histogram<>);
    }
}
