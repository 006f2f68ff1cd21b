namespace CyberAgg.Agent.Settings;

/// <summary>Metrics export (section <c>telemetry</c>); both exporters are off unless configured.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>OTLP endpoint, e.g. <c>http://127.0.0.1:4317</c>.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>Prometheus scrape prefix, e.g. <c>http://127.0.0.1:9464/</c>.</summary>
    public Uri? Prometheus { get; init; }

    /// <summary>Log level name: trace, debug, information, warning, error.</summary>
    public string LogLevel { get; init; } = "information";

    /// <summary>Logs as JSON lines (true) or human-readable lines.</summary>
    public bool JsonLogs { get; init; }
}
