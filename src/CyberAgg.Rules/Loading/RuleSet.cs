using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;

namespace CyberAgg.Rules.Loading;

/// <summary>A compiled, immutable set of detection and correlation rules plus what went wrong loading them.</summary>
public sealed class RuleSet
{
    private readonly Dictionary<string, DetectionRule> _detectionsByKey = new(StringComparer.Ordinal);

    internal RuleSet(
        IReadOnlyList<DetectionRule> detectionRules,
        IReadOnlyList<CorrelationRule> correlationRules,
        IReadOnlyList<RuleDiagnostic> diagnostics,
        int attemptedRuleCount,
        int failedRuleCount)
    {
        DetectionRules = detectionRules;
        CorrelationRules = correlationRules;
        Diagnostics = diagnostics;
        AttemptedRuleCount = attemptedRuleCount;
        FailedRuleCount = failedRuleCount;
        foreach (var rule in detectionRules)
        {
            _detectionsByKey.TryAdd(rule.Id, rule);
        }

        foreach (var rule in detectionRules.Where(r => r.Name is not null))
        {
            _detectionsByKey.TryAdd(rule.Name!, rule);
        }
    }

    public IReadOnlyList<DetectionRule> DetectionRules { get; }

    public IReadOnlyList<CorrelationRule> CorrelationRules { get; }

    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }

    /// <summary>Rule documents seen, counting an unreadable file as one.</summary>
    public int AttemptedRuleCount { get; }

    /// <summary>Rule documents rejected with an error diagnostic.</summary>
    public int FailedRuleCount { get; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == RuleDiagnosticSeverity.Error);

    /// <summary>Loads every rule file under a directory, recursively.</summary>
    public static RuleSet LoadDirectory(string path, RuleLoadOptions? options = null) =>
        new RuleSetBuilder(options).AddDirectory(path).Build();

    /// <summary>Loads several directories into one set, so correlations can span them.</summary>
    public static RuleSet LoadDirectories(IEnumerable<string> paths, RuleLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var builder = new RuleSetBuilder(options);
        foreach (var path in paths)
        {
            builder.AddDirectory(path);
        }

        return builder.Build();
    }

    /// <summary>Compiles rule text (one or more YAML documents); <paramref name="source"/> names it in diagnostics.</summary>
    public static RuleSet Parse(string yaml, string source = "<inline>", RuleLoadOptions? options = null) =>
        new RuleSetBuilder(options).AddYaml(yaml, source).Build();

    /// <summary>Finds a detection rule by id or name.</summary>
    public DetectionRule? FindDetectionRule(string idOrName) =>
        _detectionsByKey.GetValueOrDefault(idOrName);

    /// <summary>Finds a correlation rule by id or name.</summary>
    public CorrelationRule? FindCorrelationRule(string idOrName) =>
        CorrelationRules.FirstOrDefault(r => r.Id == idOrName || r.Name == idOrName);
}
