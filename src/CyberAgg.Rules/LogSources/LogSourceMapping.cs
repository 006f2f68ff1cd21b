using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Detection.Compilation;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.LogSources;

/// <summary>
/// Maps Sigma logsource values (product, category, service) to conditions on event fields, so a
/// rule for <c>category: process_creation</c> only sees process events.
/// </summary>
/// <remarks>
/// YAML shape: <c>product:</c>/<c>category:</c>/<c>service:</c> maps of value to a list of
/// alternatives; each alternative is a Sigma selection map (modifiers allowed) and alternatives are
/// ORed. An optional top-level <c>unmapped: ecs-fallback|ignore|reject</c> sets <see cref="Unmapped"/>.
/// </remarks>
public sealed class LogSourceMapping
{
    private static readonly string[] Kinds = ["product", "category", "service"];

    private static readonly Dictionary<string, string[]> FallbackFields = new(StringComparer.Ordinal)
    {
        ["product"] = ["event.module", "observer.product", "observer.vendor", "host.os.type"],
        ["service"] = ["event.dataset", "event.provider", "Channel"],
        ["category"] = ["event.category"],
    };
    private readonly Dictionary<string, EventPredicate> _conditions;

    private LogSourceMapping(Dictionary<string, EventPredicate> conditions, UnmappedLogSourcePolicy unmapped)
    {
        _conditions = conditions;
        Unmapped = unmapped;
    }

    /// <summary>ECS and Windows event-log mappings for the common Sigma log sources, plus CyberAgg's own.</summary>
    public static LogSourceMapping Default { get; } = FromYaml(DefaultLogSourceMappingText.Yaml, "default log source mapping");

    /// <summary>No mappings: log sources never restrict matching.</summary>
    public static LogSourceMapping None { get; } = new(new Dictionary<string, EventPredicate>(StringComparer.Ordinal), UnmappedLogSourcePolicy.Ignore);

    public UnmappedLogSourcePolicy Unmapped { get; }

    /// <summary>Parses a mapping; throws <see cref="FormatException"/> naming the problem when it is invalid.</summary>
    public static LogSourceMapping FromYaml(string yaml, string source = "<log source mapping>")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            var documents = YamlReader.ReadDocuments(yaml, RuleLoadOptions.Default);
            if (documents.Count != 1 || documents[0] is not YamlMap root)
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidStructure, "expected one YAML map");
            }

            var context = new CompileContext(RuleLoadOptions.Default, new RuleCounters());
            var conditions = new Dictionary<string, EventPredicate>(StringComparer.Ordinal);
            var unmapped = UnmappedLogSourcePolicy.EcsFallback;
            foreach (var (kind, value) in root.Entries)
            {
                if (kind == "unmapped")
                {
                    unmapped = root.GetString("unmapped") switch
                    {
                        "ignore" => UnmappedLogSourcePolicy.Ignore,
                        "ecs-fallback" => UnmappedLogSourcePolicy.EcsFallback,
                        "reject" => UnmappedLogSourcePolicy.Reject,
                        var other => throw new RuleCompileException(RuleErrorCodes.InvalidValue, $"unmapped must be ecs-fallback, ignore or reject, not '{other}'"),
                    };
                    continue;
                }

                if (!Kinds.Contains(kind) || value is not YamlMap values)
                {
                    throw new RuleCompileException(RuleErrorCodes.InvalidStructure, $"'{kind}' must be product, category or service with a map of values");
                }

                foreach (var (name, alternatives) in values.Entries)
                {
                    conditions[Key(kind, name.ToLowerInvariant())] = CompileAlternatives(alternatives, context);
                }
            }

            return new LogSourceMapping(conditions, unmapped);
        }
        catch (RuleCompileException ex)
        {
            throw new FormatException($"{source}: {ex.Code}: {ex.Message}", ex);
        }
    }

    /// <summary>The compiled condition an event must meet to come from <paramref name="logSource"/>.</summary>
    internal EventPredicate Compile(LogSource logSource)
    {
        var parts = new List<EventPredicate>(3);
        foreach (var (kind, value) in new[] { ("product", logSource.Product), ("category", logSource.Category), ("service", logSource.Service) })
        {
            if (value is null)
            {
                continue;
            }

            if (_conditions.TryGetValue(Key(kind, value), out var condition))
            {
                parts.Add(condition);
            }
            else if (Unmapped == UnmappedLogSourcePolicy.Reject)
            {
                return ConstantPredicate.False;
            }
            else if (Unmapped == UnmappedLogSourcePolicy.EcsFallback)
            {
                parts.Add(Fallback(kind, value));
            }
        }

        return parts.Count switch
        {
            0 => ConstantPredicate.True,
            1 => parts[0],
            _ => new AndPredicate([.. parts]),
        };
    }

    private static OrPredicate Fallback(string kind, string value)
    {
        var matcher = new StringEqualsMatcher(value, StringComparison.OrdinalIgnoreCase);
        var parts = FallbackFields[kind].Select(f => (EventPredicate)new FieldValuePredicate(f, [matcher], matchAll: false)).ToList();
        if (kind == "service")
        {
            // ECS datasets are "module.service", e.g. "windows.security" or "aws.cloudtrail".
            parts.Add(new FieldValuePredicate("event.dataset", [new SuffixMatcher("." + value, StringComparison.OrdinalIgnoreCase)], matchAll: false));
        }

        return new OrPredicate([.. parts]);
    }

    private static EventPredicate CompileAlternatives(YamlValue alternatives, CompileContext context)
    {
        var maps = alternatives switch
        {
            YamlMap map => [map],
            YamlList list when list.Items.All(i => i is YamlMap) => list.Items.Cast<YamlMap>().ToList(),
            _ => throw new RuleCompileException(RuleErrorCodes.InvalidStructure, $"alternatives must be selection maps ({alternatives.Position})"),
        };
        var compiled = maps.Select(m => SelectionCompiler.CompileMap(m, context)).ToArray();
        return compiled.Length == 1 ? compiled[0] : new OrPredicate(compiled);
    }

    private static string Key(string kind, string value) => kind + ":" + value;
}
