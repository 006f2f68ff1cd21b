using CyberAgg.Rules.Detection.Conditions;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>Turns a Sigma detection document into a <see cref="DetectionRule"/>.</summary>
internal static class DetectionRuleCompiler
{
    public static DetectionRule Compile(YamlMap document, RuleMetadata metadata, RuleLoadOptions options)
    {
        var counters = new RuleCounters();
        var context = new CompileContext(options, counters);
        if (!document.TryGet("detection", out var detectionValue) || detectionValue is not YamlMap detection)
        {
            throw new RuleCompileException(RuleErrorCodes.MissingField, "'detection' must be a map");
        }

        var predicate = CompileDetection(detection, context);
        return new DetectionRule(metadata, ReadLogSource(document), predicate, counters);
    }

    /// <summary>Compiles a detection map (search identifiers plus <c>condition</c>).</summary>
    public static EventPredicate CompileDetection(YamlMap detection, CompileContext context)
    {
        if (!detection.TryGet("condition", out var conditionValue))
        {
            throw new RuleCompileException(RuleErrorCodes.MissingField, "detection has no condition");
        }

        var selections = new Dictionary<string, EventPredicate>(StringComparer.Ordinal);
        foreach (var (name, value) in detection.Entries)
        {
            // 'timeframe' belonged to the obsolete aggregation syntax and selects nothing on its own.
            if (name is "condition" or "timeframe")
            {
                continue;
            }

            selections[name] = SelectionCompiler.Compile(name, value, context);
        }

        var conditions = conditionValue switch
        {
            YamlScalar { IsNull: false } scalar => [scalar.Value],
            YamlList list when list.Items.Count > 0 && list.Items.All(i => i is YamlScalar { IsNull: false }) =>
                list.Items.Cast<YamlScalar>().Select(s => s.Value).ToList(),
            _ => throw new RuleCompileException(RuleErrorCodes.InvalidCondition, "condition must be a string or a list of strings"),
        };
        var parsed = conditions
            .Select(c => ConditionParser.Parse(c, selections, context.Options.MaxConditionDepth))
            .ToArray();
        return parsed.Length == 1 ? parsed[0] : new OrPredicate(parsed);
    }

    private static LogSource ReadLogSource(YamlMap document)
    {
        if (!document.TryGet("logsource", out var value))
        {
            return LogSource.Any;
        }

        if (value is not YamlMap map)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidStructure, "'logsource' must be a map");
        }

        return new LogSource(
            Normalize(map.GetString("product")),
            Normalize(map.GetString("category")),
            Normalize(map.GetString("service")));
    }

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
}
