using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CyberAgg.Api.Hosting;

/// <summary>The API's one Meter and ActivitySource (<c>CyberAgg.Api</c>) and its instruments.</summary>
public static class ApiInstrumentation
{
    public const string Name = "CyberAgg.Api";

    public static readonly ActivitySource ActivitySource = new(Name, "1.0.0");

    public static readonly Meter Meter = new(Name, "1.0.0");

    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>("cyberagg.api.query.duration", "s", "ClickHouse query time per API query, by query.");

    public static readonly Counter<long> StreamAlerts = Meter.CreateCounter<long>("cyberagg.api.stream.alerts", "{alert}", "Alerts received by the live feed from Kafka.");

    public static readonly Counter<long> StreamRefused = Meter.CreateCounter<long>("cyberagg.api.stream.refused", "{alert}", "Alert messages the live feed refused because their signature does not verify.");

    public static readonly Counter<long> StreamSent = Meter.CreateCounter<long>("cyberagg.api.stream.sent", "{event}", "Server-sent events written to clients.");

    public static readonly UpDownCounter<long> StreamClients = Meter.CreateUpDownCounter<long>("cyberagg.api.stream.clients", "{client}", "Open SSE connections.");

    public static readonly Counter<long> AuthFailures = Meter.CreateCounter<long>("cyberagg.api.auth.failures", "{request}", "Requests refused for a missing or unknown credential.");

    /// <summary>Tag names as constants.</summary>
    public static class Tags
    {
        public const string Query = "query";
    }
}
