using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Configuration.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace CyberAgg.Agent.Commands;

/// <summary>Logging and metrics export wiring of the executable.</summary>
internal static class AgentHosting
{
    public static ILoggerFactory CreateLoggers(TelemetryOptions options)
    {
        var level = options.LogLevel switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        };
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            // Logs go to stderr so that stdout stays free for validate's report and shell pipelines.
            builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            if (options.JsonLogs)
            {
                builder.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.UseUtcTimestamp = true;
                });
            }
            else
            {
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                    o.UseUtcTimestamp = true;
                });
            }

            builder.AddFilter("CyberAgg.Agent.Kafka", level > LogLevel.Debug ? LogLevel.Warning : level);
        });
    }

    /// <summary>Null when no exporter is configured: the instruments then cost next to nothing.</summary>
    public static MeterProvider? CreateMeterProvider(TelemetryOptions options)
    {
        if (options.OtlpEndpoint is null && options.Prometheus is null)
        {
            return null;
        }

        var builder = Sdk.CreateMeterProviderBuilder()
            .AddCyberAggDefaults("cyberagg-agent")
            .AddMeter(AgentTelemetry.Name);
        if (options.OtlpEndpoint is { } otlp)
        {
            builder.AddOtlpExporter(o => o.Endpoint = otlp);
        }

        if (options.Prometheus is { } prometheus)
        {
            builder.AddPrometheusHttpListener(o =>
            {
                o.Host = prometheus.Host;
                o.Port = prometheus.Port;
            });
        }

        return builder.Build();
    }
}
