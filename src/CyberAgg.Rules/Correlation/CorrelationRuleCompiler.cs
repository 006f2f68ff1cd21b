using System.Globalization;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Correlation;

/// <summary>Reads and validates the <c>correlation</c> section of a Sigma correlation rule.</summary>
internal static class CorrelationRuleCompiler
{
    private static readonly Dictionary<string, CorrelationType> Types = new(StringComparer.Ordinal)
    {
        ["event_count"] = CorrelationType.EventCount,
        ["value_count"] = CorrelationType.ValueCount,
        ["temporal"] = CorrelationType.Temporal,
        ["temporal_ordered"] = CorrelationType.TemporalOrdered,
        ["value_sum"] = CorrelationType.ValueSum,
        ["value_avg"] = CorrelationType.ValueAverage,
        ["value_percentile"] = CorrelationType.ValuePercentile,
    };

    private static readonly Dictionary<string, NumericComparison> Operators = new(StringComparer.Ordinal)
    {
        ["gt"] = NumericComparison.GreaterThan,
        ["gte"] = NumericComparison.GreaterThanOrEqual,
        ["lt"] = NumericComparison.LessThan,
        ["lte"] = NumericComparison.LessThanOrEqual,
        ["eq"] = NumericComparison.Equal,
        ["neq"] = NumericComparison.NotEqual,
    };

    public static CorrelationRule Compile(YamlMap document, RuleMetadata metadata)
    {
        if (!document.TryGet("correlation", out var value) || value is not YamlMap section)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidStructure, "'correlation' must be a map");
        }

        RuleKeys.CheckSection(section, "correlation", RuleKeys.CorrelationSection);

        var typeName = section.GetString("type")
            ?? throw new RuleCompileException(RuleErrorCodes.MissingField, "correlation has no type");
        if (!Types.TryGetValue(typeName, out var type))
        {
            throw new RuleCompileException(
                RuleErrorCodes.UnsupportedFeature, $"unknown correlation type '{typeName}' (expected {string.Join(", ", Types.Keys)})");
        }

        var references = Strings(section, "rules");
        if (references.Count == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.MissingField, "correlation lists no rules");
        }

        if (references.Count > 64)
        {
            throw new RuleCompileException(RuleErrorCodes.InputTooLarge, "a correlation may reference at most 64 rules");
        }

        var timespanText = section.GetString("timespan")
            ?? throw new RuleCompileException(RuleErrorCodes.MissingField, "correlation has no timespan");
        var (thresholds, fields) = ReadCondition(section, type, references.Count);
        var generate = false;
        if (section.TryGet("generate", out var generateValue) || document.TryGet("generate", out generateValue))
        {
            if (generateValue is not YamlScalar scalar || !scalar.TryGetBoolean(out generate))
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidValue, "'generate' must be true or false");
            }
        }

        var definition = new CorrelationDefinition(
            type, references, Strings(section, "group-by"), SigmaTimespan.Parse(timespanText), thresholds, fields, ReadAliases(section), generate);
        return new CorrelationRule(metadata, definition);
    }

    private static (List<CorrelationThreshold> Thresholds, List<string> Fields) ReadCondition(YamlMap section, CorrelationType type, int ruleCount)
    {
        var thresholds = new List<CorrelationThreshold>();
        var fields = new List<string>();
        if (section.TryGet("condition", out var value))
        {
            if (value is not YamlMap condition)
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidCondition, "correlation condition must be a map such as 'gte: 10'");
            }

            RuleKeys.CheckSection(condition, "correlation.condition", RuleKeys.CorrelationCondition, RuleErrorCodes.InvalidCondition);
            foreach (var (key, item) in condition.Entries)
            {
                if (key == "field")
                {
                    fields.AddRange(Strings(condition, "field"));
                    continue;
                }

                var op = Operators[key];
                if (item is not YamlScalar scalar
                    || !double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
                {
                    throw new RuleCompileException(RuleErrorCodes.InvalidCondition, $"condition '{key}' needs a number");
                }

                thresholds.Add(new CorrelationThreshold(op, threshold));
            }
        }

        var isTemporal = type is CorrelationType.Temporal or CorrelationType.TemporalOrdered;
        if (thresholds.Count == 0)
        {
            if (!isTemporal)
            {
                throw new RuleCompileException(RuleErrorCodes.MissingField, $"correlation type {SigmaName(type)} needs a condition such as 'gte: 10'");
            }

            // Temporal rules without a condition require every referenced rule to have matched.
            thresholds.Add(new CorrelationThreshold(NumericComparison.GreaterThanOrEqual, ruleCount));
        }

        var needsField = type is CorrelationType.ValueCount or CorrelationType.ValueSum
            or CorrelationType.ValueAverage or CorrelationType.ValuePercentile;
        if (needsField && fields.Count == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.MissingField, $"correlation type {SigmaName(type)} needs 'field' in its condition (the field whose values it aggregates)");
        }

        if (!needsField && fields.Count > 0)
        {
            throw new RuleCompileException(
                RuleErrorCodes.UnknownKey,
                $"'field' in the condition has no meaning for correlation type {SigmaName(type)}; remove it, or use type value_count to count distinct values of it");
        }

        return (thresholds, fields);
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> ReadAliases(YamlMap section)
    {
        var aliases = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (!section.TryGet("aliases", out var value) || value is YamlScalar { IsNull: true })
        {
            return aliases;
        }

        if (value is not YamlMap map)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidStructure, "'aliases' must map alias names to rule-to-field maps");
        }

        foreach (var (alias, mapping) in map.Entries)
        {
            if (mapping is not YamlMap perRule || perRule.Entries.Any(e => e.Value is not YamlScalar { IsNull: false }))
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidStructure, $"alias '{alias}' must map rule names to field names");
            }

            aliases[alias] = perRule.Entries.ToDictionary(e => e.Key, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal);
        }

        return aliases;
    }

    private static string SigmaName(CorrelationType type) => Types.First(t => t.Value == type).Key;

    private static List<string> Strings(YamlMap map, string key)
    {
        if (!map.TryGet(key, out var value) || value is YamlScalar { IsNull: true })
        {
            return [];
        }

        return value switch
        {
            YamlScalar scalar => [scalar.Value],
            YamlList list when list.Items.All(i => i is YamlScalar { IsNull: false }) =>
                list.Items.Cast<YamlScalar>().Select(s => s.Value).ToList(),
            _ => throw new RuleCompileException(RuleErrorCodes.InvalidStructure, $"'{key}' must be a string or a list of strings"),
        };
    }
}
