using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Configuration.Tests;

/// <summary>docs/configuration.md stays true: every key of every options type is documented, with its real default, and nothing else.</summary>
public sealed partial class ConfigurationReferenceTests
{
    private const string Shared = "Shared sections";
    private const string Serve = "cyberagg serve";
    private const string Agent = "cyberagg-agent";

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Documented = new(ReadDocument);

    /// <summary>The sections <c>cyberagg serve</c> binds, with their options types.</summary>
    private static readonly (string Section, Type Type)[] ServeSections =
    [
        ("kafka", typeof(KafkaOptions)),
        ("clickhouse", typeof(ClickHouseOptions)),
        ("correlator", typeof(CyberAgg.Correlator.CorrelatorOptions)),
        ("ingest", typeof(CyberAgg.Correlator.IngestOptions)),
        ("api", typeof(CyberAgg.Api.Hosting.ApiOptions)),
        ("federation", typeof(CyberAgg.Federation.FederationOptions)),
        ("telemetry", Type.GetType("CyberAgg.Cli.Commands.TelemetryOptions, cyberagg", throwOnError: true)!),
    ];

    [Fact]
    public void ServeKeys_AllDocumented_AndNothingElse()
    {
        var keys = ServeSections.SelectMany(s => Enumerate(s.Type, s.Section)).Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedKeys(Serve);

        keys.Except(documented).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("keys missing from docs/configuration.md (add a row: type, default, meaning, example)");
        documented.Except(keys).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("keys in docs/configuration.md that serve does not know");
    }

    [Fact]
    public void ServeKeys_DocumentedDefault_IsTheRealDefault()
    {
        var rows = Documented.Value.Where(p => p.Key is Shared or Serve).SelectMany(p => p.Value).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var (section, type) in ServeSections)
        {
            foreach (var (key, _, value) in Enumerate(type, section).Where(k => k.HasDefault))
            {
                var expected = Format(value);
                var cell = rows[key];
                var matches = expected is null ? cell.StartsWith("(none)", StringComparison.Ordinal) : cell.StartsWith($"`{expected}`", StringComparison.Ordinal);
                if (!matches)
                {
                    wrong.Add($"{key}: documented {cell}, real {expected ?? "(none)"}");
                }
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void AgentKeys_AllDocumented_AndNothingElse()
    {
        var keys = AgentKeys();
        var documented = DocumentedKeys(Agent);

        keys.Count.ShouldBeGreaterThan(20);
        keys.Except(documented).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("agent keys missing from docs/configuration.md (add a row: type, default, meaning, example)");
        documented.Except(keys).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("keys in docs/configuration.md that the agent does not know");
    }

    [Fact]
    public void OptionsTypes_EveryTypeWithConfigurationKeys_IsReachedFromASection()
    {
        var reached = new HashSet<Type>();
        foreach (var (_, type) in ServeSections)
        {
            Reach(type, reached);
        }

        var assemblies = new[] { typeof(KafkaOptions).Assembly, typeof(CyberAgg.Correlator.CorrelatorOptions).Assembly, typeof(CyberAgg.Api.Hosting.ApiOptions).Assembly, typeof(CyberAgg.Federation.FederationOptions).Assembly, ServeSections[^1].Type.Assembly };
        var withKeys = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.GetProperties().Any(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>() is not null))
            .ToList();

        withKeys.Count.ShouldBeGreaterThan(5);
        withKeys.Where(t => !reached.Contains(t)).Select(t => t.FullName).ToList().ShouldBeEmpty("options types no section of this test binds: add them to ServeSections and to docs/configuration.md");
    }

    [Fact]
    public void Reference_KeyCount_IsReported()
    {
        var count = Documented.Value.Values.Sum(rows => rows.Count);

        // The issue's closing note quotes this number.
        // kafka.* keys both read are documented once (shared); telemetry.* keys of the same name are documented per part.
        var agent = AgentKeys();
        count.ShouldBe(ServeSections.SelectMany(s => Enumerate(s.Type, s.Section)).Count() + agent.Count - agent.Count(k => k.StartsWith("kafka.", StringComparison.Ordinal)));
    }

    private static HashSet<string> DocumentedKeys(string part) =>
        Documented.Value.Where(p => p.Key == Shared || p.Key == part).SelectMany(p => p.Value.Keys).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<(string Key, bool HasDefault, object? Value)> Enumerate(Type type, string path, object? instance = null)
    {
        instance ??= Activator.CreateInstance(type);
        foreach (var (key, property) in OptionsBinder.Keys(type).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (property.GetCustomAttribute<ConfigurationKeyNameAttribute>() is null)
            {
                // ApiOptions.Kafka and .ClickHouse are filled from the top-level sections; serve refuses api.kafka.
                continue;
            }

            var target = property.PropertyType;
            var value = property.GetValue(instance);
            if (OptionsBinder.ListElement(target) is { } element && OptionsBinder.IsSection(element))
            {
                foreach (var inner in Enumerate(element, $"{path}.{key}[]"))
                {
                    yield return inner with { HasDefault = false };
                }
            }
            else if (OptionsBinder.IsSection(target))
            {
                foreach (var inner in Enumerate(target, $"{path}.{key}", value))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return ($"{path}.{key}", true, value);
            }
        }
    }

    private static void Reach(Type type, HashSet<Type> reached)
    {
        if (!reached.Add(type))
        {
            return;
        }

        foreach (var property in OptionsBinder.Keys(type).Values)
        {
            var target = OptionsBinder.ListElement(property.PropertyType) ?? property.PropertyType;
            if (OptionsBinder.IsSection(target))
            {
                Reach(target, reached);
            }
        }
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        bool b => b ? "true" : "false",
        TimeSpan t => Duration.Format(t),
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        ICollection { Count: 0 } => null,
        _ => value.ToString(),
    };

    /// <summary>The agent reads its sections by hand; each reader lists its known keys when it meets an unknown one.</summary>
    private static HashSet<string> AgentKeys()
    {
        var reader = Assembly.Load("cyberagg-agent").GetType("CyberAgg.Agent.Settings.AgentOptionsReader", throwOnError: true)!
            .GetMethod("Read", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in new[] { "agent", "ingest_key", "kafka", "inputs.0", "spool", "batch", "delivery", "telemetry" })
        {
            var config = ConfigurationLoader.Load(null, [
                "agent.partner=ee-cert", "agent.country=EE", "ingest_key.key_id=k1", "ingest_key.secret=base64:" + Convert.ToBase64String(new byte[32]),
                "inputs.0.type=stdin", section + ".zz_probe=1",
            ], new Dictionary<string, string>());
            var error = Should.Throw<TargetInvocationException>(() => reader.Invoke(null, [config])).InnerException.ShouldBeOfType<ConfigurationException>();
            var known = KnownKeys().Match(error.Message);
            known.Success.ShouldBeTrue(error.Message);
            var prefix = section == "inputs.0" ? "inputs[]" : section;
            foreach (var key in known.Groups["keys"].Value.Split(", "))
            {
                keys.Add($"{prefix}.{key}");
            }
        }

        return keys;
    }

    private static Dictionary<string, Dictionary<string, string>> ReadDocument()
    {
        var path = Path.Combine(Root(), "docs", "configuration.md");
        var parts = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var part = "";
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                part = line[3..].Trim();
                continue;
            }

            var row = Row().Match(line);
            if (row.Success)
            {
                var rows = parts.TryGetValue(part, out var found) ? found : parts[part] = new(StringComparer.Ordinal);
                rows.TryAdd(row.Groups["key"].Value, row.Groups["default"].Value.Trim()).ShouldBeTrue($"{row.Groups["key"].Value} is documented twice under {part}");
            }
        }

        parts.Keys.ShouldBe([Shared, Serve, Agent], ignoreOrder: true);
        return parts;
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CyberAgg.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No CyberAgg.sln above " + AppContext.BaseDirectory);
    }

    // | `key` | type | default | meaning | example |
    [GeneratedRegex(@"^\| `(?<key>[a-z_]+(\[\])?(\.[a-z_]+(\[\])?)+)` \| [^|]+ \| (?<default>[^|]+) \| [^|]+ \| [^|]+ \|$")]
    private static partial Regex Row();

    [GeneratedRegex(@"known keys of [^ ]+ are (?<keys>[a-z_, ]+)\.")]
    private static partial Regex KnownKeys();
}
