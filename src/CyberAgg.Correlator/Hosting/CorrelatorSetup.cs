using CyberAgg.Configuration;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events.Ingest;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Hosting;

/// <summary>
/// Builds a running correlator from its settings: binding and validating them, loading the rules, checking that Kafka
/// and ClickHouse answer, applying the schema and creating the pipeline. Shared by <c>serve</c>, <c>demo</c> and
/// <c>bench</c>.
/// </summary>
public static class CorrelatorSetup
{
    /// <summary>The rule set shipped next to the executable.</summary>
    public static string ShippedRules => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>Binds and validates every section the correlator needs; rules default to <see cref="ShippedRules"/>.</summary>
    public static CorrelatorSettings Bind(IConfiguration configuration, bool openTrustByDefault)
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

        return new CorrelatorSettings(kafka, clickHouse, correlator, ingest);
    }

    /// <summary>Loads the rules, refusing to start on a rule set with errors, and writes what was wrong to <paramref name="output"/>.</summary>
    public static RuleSet LoadRules(CorrelatorOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var rules = ReadRules(options.Rules, options.Placeholders);
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

    /// <summary>
    /// Compiles the rule folders with the placeholder file's values, if any; the result may hold rules that failed
    /// (<see cref="RuleSet.HasErrors"/>), for the caller to report in its own terms.
    /// </summary>
    public static RuleSet ReadRules(IEnumerable<string> folders, string? placeholders)
    {
        RuleLoadOptions? load = null;
        if (placeholders is not null)
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

        return RuleSet.LoadDirectories(folders, load);
    }

    /// <summary>
    /// Null when ClickHouse accepts a query and Kafka answers; else the one-line error naming the keys to check.
    /// A service that is down at start is reported once here instead of as a stack trace or a stream of retries.
    /// </summary>
    public static async Task<string?> CheckDependenciesAsync(KafkaOptions kafka, ClickHouseOptions clickHouse, TimeSpan kafkaTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(clickHouse);
        using (var clickHouseProbe = new ClickHouseProbe(clickHouse))
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

    /// <summary>Creates the configured database if needed and applies the schema migrations to it.</summary>
    public static Task ApplySchemaAsync(ClickHouseOptions clickHouse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clickHouse);

        // The session starts in 'default': the configured database may not exist before the migrator creates it.
        return SchemaMigrator.ApplyAsync(clickHouse.ConnectionString("default"), clickHouse.Database, cancellationToken);
    }

    /// <summary>Applies the schema and builds the pipeline, logging as <c>CyberAgg.Correlator</c>.</summary>
    public static async Task<CorrelatorPipeline> CreateAsync(CorrelatorSettings settings, RuleSet rules, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        await ApplySchemaAsync(settings.ClickHouse, cancellationToken);
        return Create(settings, rules, loggers.CreateLogger("CyberAgg.Correlator"), TimeProvider.System);
    }

    /// <summary>Builds the pipeline on a database whose schema is already applied (<see cref="ApplySchemaAsync"/>).</summary>
    public static CorrelatorPipeline Create(CorrelatorSettings settings, RuleSet rules, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new CorrelatorPipeline(settings.Correlator, settings.Kafka, settings.ClickHouse, rules, settings.Ingest, logger, time);
    }
}
