using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events.Ingest;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands;

/// <summary>Builds a running correlator from configuration; shared by <c>serve</c>, <c>demo</c> and <c>bench</c>.</summary>
internal static class CorrelatorHost
{
    /// <summary>The rule set shipped next to the executable.</summary>
    public static string ShippedRules => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>Binds and validates every section the correlator needs.</summary>
    public static (KafkaOptions Kafka, ClickHouseOptions ClickHouse, CorrelatorOptions Correlator, IngestOptions Ingest) Bind(IConfiguration configuration, bool openTrustByDefault)
    {
        var kafka = OptionsBinder.Bind<KafkaOptions>(configuration, "kafka");
        var clickHouse = OptionsBinder.Bind<ClickHouseOptions>(configuration, "clickhouse");
        var correlator = OptionsBinder.Bind<CorrelatorOptions>(configuration, "correlator");
        var ingest = OptionsBinder.Bind<IngestOptions>(configuration, "ingest");
        if (openTrustByDefault && configuration["ingest:trust"] is null)
        {
            ingest.Trust = IngestTrust.Open;
        }

        if (correlator.Rules.Count == 0)
        {
            correlator.Rules.Add(ShippedRules);
        }

        kafka.Validate();
        clickHouse.Validate();
        if (correlator.Enabled)
        {
            // An API-only serve consumes no events: the correlator's and the ingest settings do not apply to it.
            correlator.Validate();
            ingest.Validate();
        }

        return (kafka, clickHouse, correlator, ingest);
    }

    /// <summary>Loads the rules, refusing to start on a rule set with errors, and says what was loaded.</summary>
    public static RuleSet LoadRules(CorrelatorOptions options, TextWriter output)
    {
        RuleLoadOptions? load = null;
        if (options.Placeholders is { } placeholders)
        {
            try
            {
                load = new RuleLoadOptions { Placeholders = PlaceholderValues.LoadFile(placeholders) };
            }
            catch (PlaceholderFileException e)
            {
                throw new ConfigurationException("correlator.placeholders", e.Message, e);
            }
        }

        var rules = RuleSet.LoadDirectories(options.Rules, load);
        foreach (var diagnostic in rules.Diagnostics)
        {
            output.WriteLine("  rule: " + diagnostic);
        }

        if (rules.HasErrors)
        {
            throw new ConfigurationException("correlator.rules", $"{rules.FailedRuleCount} of {rules.AttemptedRuleCount} rules failed to load (listed above); fix them or check them with 'cyberagg rules validate DIR'.");
        }

        return rules;
    }

    /// <summary>Applies the schema and builds the pipeline.</summary>
    public static async Task<CorrelatorPipeline> CreateAsync(
        (KafkaOptions Kafka, ClickHouseOptions ClickHouse, CorrelatorOptions Correlator, IngestOptions Ingest) settings,
        RuleSet rules,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        // The session starts in 'default': the configured database may not exist before the migrator creates it.
        await SchemaMigrator.ApplyAsync(settings.ClickHouse.ConnectionString("default"), settings.ClickHouse.Database, cancellationToken);
        return new CorrelatorPipeline(settings.Correlator, settings.Kafka, settings.ClickHouse, rules, settings.Ingest, loggers.CreateLogger("CyberAgg.Correlator"), TimeProvider.System);
    }

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

    /// <summary>
    /// Null when ClickHouse accepts a query and Kafka answers; else the one-line error naming the keys to check.
    /// A service that is down at start is reported once here instead of as a stack trace or a stream of retries.
    /// </summary>
    public static async Task<string?> CheckDependenciesAsync(KafkaOptions kafka, ClickHouseOptions clickHouse, TimeSpan kafkaTimeout, CancellationToken cancellationToken)
    {
        using (var clickHouseProbe = new Operations.ClickHouseProbe(clickHouse))
        {
            if (await clickHouseProbe.CheckAsync(TimeSpan.FromSeconds(10), cancellationToken) is { } reason)
            {
                return $"cannot use ClickHouse at {clickHouse.Url} as user {clickHouse.Username} ({reason}); check clickhouse.url, clickhouse.username and clickhouse.password and that ClickHouse is up.";
            }
        }

        using var probe = new KafkaReachability(kafka);
        var problem = await Task.Run(() => probe.Check(kafkaTimeout), cancellationToken);
        return problem is null ? null : KafkaReachability.Explain(kafka, problem, kafkaTimeout);
    }
}
