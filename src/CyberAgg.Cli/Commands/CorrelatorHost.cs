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
        correlator.Validate();
        ingest.Validate();
        return (kafka, clickHouse, correlator, ingest);
    }

    /// <summary>Loads the rules, refusing to start on a rule set with errors, and says what was loaded.</summary>
    public static RuleSet LoadRules(CorrelatorOptions options, TextWriter output)
    {
        var rules = RuleSet.LoadDirectories(options.Rules);
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
        await SchemaMigrator.ApplyAsync(settings.ClickHouse.ConnectionString(), settings.ClickHouse.Database, cancellationToken);
        return new CorrelatorPipeline(settings.Correlator, settings.Kafka, settings.ClickHouse, rules, settings.Ingest, loggers.CreateLogger("CyberAgg.Correlator"), TimeProvider.System);
    }

    public static ILoggerFactory Loggers(LogLevel minimum) =>
        LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }));
}
