using System.Text.RegularExpressions;
using CsCheck;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Detection.Indexing;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.LogSources;
using CyberAgg.Rules.Tests.Support;
using Xunit.Abstractions;

namespace CyberAgg.Rules.Tests.Detection;

/// <summary>
/// The indexed engine (anchors, keyword index, log sources decided first and memoised per event kind) against the
/// naive reading of every rule: each rule's log-source condition and then its detection, one rule after the other.
/// </summary>
public sealed partial class DetectionEngineEquivalenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<CorpusFixture> Corpus = new(() => new CorpusFixture(RepositoryPaths.SharedSigma));

    // Event kinds the default mapping tells apart, by the Sigma category or service a rule names.
    private static readonly Dictionary<string, (string Channel, string EventId)> Kinds = new(StringComparer.Ordinal)
    {
        ["process_creation"] = ("Microsoft-Windows-Sysmon/Operational", "1"),
        ["network_connection"] = ("Microsoft-Windows-Sysmon/Operational", "3"),
        ["file_event"] = ("Microsoft-Windows-Sysmon/Operational", "11"),
        ["registry_set"] = ("Microsoft-Windows-Sysmon/Operational", "13"),
        ["registry_event"] = ("Microsoft-Windows-Sysmon/Operational", "12"),
        ["image_load"] = ("Microsoft-Windows-Sysmon/Operational", "7"),
        ["dns_query"] = ("Microsoft-Windows-Sysmon/Operational", "22"),
        ["ps_script"] = ("Microsoft-Windows-PowerShell/Operational", "4104"),
        ["ps_module"] = ("Microsoft-Windows-PowerShell/Operational", "4103"),
        ["security"] = ("Security", "4624"),
        ["system"] = ("System", "7045"),
        ["application"] = ("Application", "1000"),
        ["ps_classic_start"] = ("Windows PowerShell", "400"),
    };

    [SigmaCorpusFact]
    public void Match_GeneratedWindowsEventsOverTheCorpus_SameMatchesAsEvaluatingEveryRule()
    {
        var corpus = Corpus.Value;
        var engine = new DetectionEngine(corpus.Rules);
        var matchedEvents = 0;

        // Random channels now and then: more event kinds than the log-source memo holds, so it starts over mid-run.
        Gen.Select(corpus.Events, Gen.Int[0, 9], Gen.String[Gen.Char.AlphaNumeric, 1, 12])
            .Sample(
                (generated, random, noise) =>
                {
                    var fields = new DictionaryEventFields();
                    fields.Set("Channel", random == 0 ? "Custom-" + noise : generated.Kind.Channel);
                    fields.Set("EventID", generated.Kind.EventId);
                    foreach (var (name, value) in generated.Fields)
                    {
                        fields.Set(name, value);
                    }

                    // Samples run on several threads at once, each with the engine's per-thread working memory.
                    var matches = new List<MatchedRule>();
                    engine.Match(fields, matches);
                    var expected = corpus.Naive(fields);
                    Interlocked.Add(ref matchedEvents, expected.Count > 0 ? 1 : 0);
                    matches.Select(m => m.RuleId).ShouldBe(expected, ignoreOrder: false, customMessage: Describe(fields));
                },
                iter: 3000);

        // The generator is built from the corpus' own values so that a fair share of events match something.
        output.WriteLine($"{matchedEvents} of 3000 generated events matched at least one of {corpus.Rules.DetectionRules.Count} rules");
        matchedEvents.ShouldBeGreaterThan(450);
    }

    [Fact]
    public void Match_KeywordLogSourceInCustomMapping_EvaluatedPerEventNotMemoised()
    {
        // A log-source condition that searches every field cannot be memoised by the values of named fields.
        var mapping = LogSourceMapping.FromYaml("category:\n  marked:\n    - '|contains': 'MARK'\n");
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  A: 1\ncondition: sel", "category: marked"));
        var engine = new DetectionEngine(set, mapping);
        var matches = new List<MatchedRule>();

        engine.Match(TestEvents.Of(("A", "1"), ("B", "MARK")), matches).ShouldBe(1);
        engine.Match(TestEvents.Of(("A", "1"), ("B", "other")), matches).ShouldBe(0);
        engine.Match(TestEvents.Of(("A", "1"), ("C", "mark")), matches).ShouldBe(1);
    }

    [Fact]
    public void Match_MoreEventKindsThanTheMemoHolds_StillDecidesEachByItsOwnValues()
    {
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  A: 1\ncondition: sel", "service: sysmon"));
        var engine = new DetectionEngine(set);
        var matches = new List<MatchedRule>();

        for (var i = 0; i < LogSourceCache.MaxEntries * 3; i++)
        {
            var channel = i % 3 == 0 ? "Microsoft-Windows-Sysmon/Operational" : $"Channel-{i}";
            engine.Match(TestEvents.Of(("Channel", channel), ("A", "1")), matches).ShouldBe(i % 3 == 0 ? 1 : 0, channel);
        }
    }

    [Fact]
    public void Match_LogSourceFieldPresentWithoutValue_TellsNullFromAbsent()
    {
        var set = RuleSet.Parse(TestRules.Yaml("sel:\n  A: 1\ncondition: sel", "product: windows"));
        var mapping = LogSourceMapping.FromYaml("product:\n  windows:\n    - Channel: null\n");
        var engine = new DetectionEngine(set, mapping);
        var matches = new List<MatchedRule>();

        engine.Match(TestEvents.Of(("A", "1"), ("Channel", "Security")), matches).ShouldBe(0);
        engine.Match(TestEvents.Of(("A", "1"), ("Channel", null)), matches).ShouldBe(1);
        engine.Match(TestEvents.Of(("A", "1")), matches).ShouldBe(1);
        engine.Match(TestEvents.Of(("A", "1"), ("Channel", "Security")), matches).ShouldBe(0);
    }

    private static string Describe(DictionaryEventFields fields) =>
        string.Join(Environment.NewLine, Enumerable.Range(0, fields.FieldCount).Select(i => $"{fields.GetName(i)} = {fields.GetValue(i) ?? "<null>"}"));

    [GeneratedRegex(@"^(?<indent> {4,12})(?:- )?(?<field>[A-Za-z][\w.]*)(?<mods>\|[\w|]+)?:\s*(?<value>.*)$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^ {8,16}- (?<value>.+)$")]
    private static partial Regex ListItem();

    /// <summary>A generated event: its kind (channel and event id) and its other fields.</summary>
    private sealed record GeneratedEvent((string Channel, string EventId) Kind, List<(string Name, string? Value)> Fields);

    private sealed record Template((string Channel, string EventId)? Kind, List<(string Field, string Value)> Fields);

    /// <summary>The corpus, its rules' log sources compiled one by one, and per field the values its rules name.</summary>
    private sealed class CorpusFixture
    {
        private readonly EventPredicate[] _logSources;

        public CorpusFixture(string sigma)
        {
            Rules = RuleSet.LoadDirectories(Directory.GetDirectories(sigma, "rules*"));
            var compiled = new Dictionary<LogSource, EventPredicate>();
            _logSources = [.. Rules.DetectionRules.Select(r => compiled.TryGetValue(r.LogSource, out var p) ? p : compiled[r.LogSource] = LogSourceMapping.Default.Compile(r.LogSource))];
            var templates = ReadTemplates(sigma);
            var all = templates.SelectMany(t => t.Fields).ToArray();
            var kinds = Kinds.Values.ToArray();
            var noise = Gen.String[Gen.Char["abcXYZ019 \\/.-_:"], 0, 6];

            // A rule value with its wildcards filled, in any case, within noise; or null.
            Gen<(string, string?)> Filled((string Field, string Value) pair) => Gen.Frequency(
                (10, Gen.Select(noise, noise, Gen.Int[0, 3], (before, after, casing) => (pair.Field, Fill(pair.Value, before, after, casing)))),
                (1, Gen.Const((pair.Field, (string?)null))));

            // Some of one rule's values, mostly under its own log source, and a few values of other rules.
            Events = Gen.Int[0, templates.Count - 1].SelectMany(t =>
            {
                var template = templates[t];
                var own = Gen.Int[0, template.Fields.Count - 1].SelectMany(i => Filled(template.Fields[i])).List[1, 6];
                var other = Gen.Int[0, all.Length - 1].SelectMany(i => Filled(all[i])).List[0, 3];
                var kind = template.Kind is { } k ? Gen.Frequency((4, Gen.Const(k)), (1, Gen.OneOfConst(kinds))) : Gen.OneOfConst(kinds);
                return Gen.Select(kind, own, other, (kind, own, other) => new GeneratedEvent(kind, [.. own, .. other]));
            });
        }

        public RuleSet Rules { get; }

        public Gen<GeneratedEvent> Events { get; }

        /// <summary>Every rule in order: its log source, then its detection.</summary>
        public List<string> Naive(IEventFields fields) =>
            [.. Rules.DetectionRules.Where((rule, i) => _logSources[i].Evaluate(fields) && rule.MatchesDetection(fields)).Select(r => r.Id)];

        private static string Fill(string pattern, string before, string after, int casing)
        {
            var text = pattern.Replace("*", before, StringComparison.Ordinal).Replace("?", "x", StringComparison.Ordinal);
            text = casing switch
            {
                0 => text.ToUpperInvariant(),
                1 => text.ToLowerInvariant(),
                _ => text,
            };
            return casing == 3 ? before + text + after : text;
        }

        // Per rule file: the log source's category (or service) and the field values its detection lists, read line by line.
        private static List<Template> ReadTemplates(string sigma)
        {
            var templates = new List<Template>();
            foreach (var file in Directory.GetDirectories(sigma, "rules*").SelectMany(d => Directory.EnumerateFiles(d, "*.yml", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
            {
                var section = string.Empty;
                (string, string)? kind = null;
                string? field = null;
                var fields = new List<(string, string)>();
                foreach (var line in File.ReadLines(file))
                {
                    if (line.Length > 0 && line[0] != ' ')
                    {
                        section = line;
                        field = null;
                        continue;
                    }

                    if (section.StartsWith("logsource:", StringComparison.Ordinal))
                    {
                        var entry = line.Trim().Split(':', 2);
                        if (entry.Length == 2 && entry[0] is "category" or "service" && Kinds.TryGetValue(entry[1].Trim(), out var found))
                        {
                            kind = found;
                        }
                    }
                    else if (!section.StartsWith("detection:", StringComparison.Ordinal))
                    {
                        continue;
                    }
                    else if (FieldLine().Match(line) is { Success: true } item && item.Groups["field"].Value != "condition")
                    {
                        field = item.Groups["field"].Value;
                        Add(field, item.Groups["value"].Value);
                    }
                    else if (field is not null && ListItem().Match(line) is { Success: true } listed)
                    {
                        Add(field, listed.Groups["value"].Value);
                    }
                }

                if (fields.Count > 0)
                {
                    templates.Add(new Template(kind, fields));
                }

                void Add(string name, string raw)
                {
                    var value = raw.Trim().Trim('\'', '"');
                    if (value.Length > 0 && value.Length <= 200 && !value.StartsWith('#'))
                    {
                        fields.Add((name, value.Replace("\\\\", "\\", StringComparison.Ordinal)));
                    }
                }
            }

            return templates;
        }
    }
}
