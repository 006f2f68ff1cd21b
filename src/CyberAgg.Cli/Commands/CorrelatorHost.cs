using CyberAgg.Configuration;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands;

/// <summary>
/// The command line's side of running a correlator: console logging and the hints its reminders give. The set-up
/// itself (settings, rules, dependencies, schema, pipeline) is <see cref="Correlator.Hosting.CorrelatorSetup"/>.
/// </summary>
internal static class CorrelatorHost
{
    /// <summary>Single-line console logs; a warning or error that repeats is printed once, then as a reminder every 30 s.</summary>
    public static ILoggerFactory Loggers(LogLevel minimum, KafkaOptions? kafka = null, ClickHouseOptions? clickHouse = null)
    {
        var console = LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }));
        return new Operations.RepeatedLogFilter(console, TimeSpan.FromSeconds(30), TimeProvider.System, (category, message) => Hint(category, message, kafka, clickHouse));
    }

    /// <summary>What a repeated failure's reminder suggests checking.</summary>
    internal static string? Hint(string category, string message, KafkaOptions? kafka, ClickHouseOptions? clickHouse)
    {
        if (message.Contains("ClickHouse", StringComparison.OrdinalIgnoreCase) || category.Contains("Storage", StringComparison.Ordinal))
        {
            return $"check clickhouse.url ({clickHouse?.Url ?? "see the configuration"}) and that ClickHouse is up";
        }

        string[] kafkaWords = ["Kafka", "broker", "Consumer error", "Producer", "transport", "Connect", "bootstrap"];
        return kafkaWords.Any(w => message.Contains(w, StringComparison.OrdinalIgnoreCase))
            ? $"check kafka.bootstrap ({kafka?.Bootstrap ?? "see the configuration"}) and that Kafka is up"
            : null;
    }
}
