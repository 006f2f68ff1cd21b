using System.CommandLine;
using System.Text.Json;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Cli.Commands.Rules;

/// <summary><c>cyberagg rules validate|test</c>: offline checks of a rule set, no infrastructure needed.</summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Check Sigma rule sets offline: 'validate' compiles them, 'test' runs them over events from a file.");
        command.Subcommands.Add(Validate());
        command.Subcommands.Add(Test());
        return command;
    }

    private static Command Validate()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Folder of Sigma rules (*.yml, *.yaml; searched recursively)." };
        var placeholders = PlaceholdersOption.Create();
        var command = new Command("validate", """
            Compile every rule in DIR and report each problem with its file, rule and reason. Exit code 1 when any rule fails.

            Example:
              cyberagg rules validate rules/
              cyberagg rules validate --placeholders placeholders.yml partner-rules/
            """)
        {
            dir, placeholders,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!;
            if (!folder.Exists)
            {
                Console.Error.WriteLine($"error: rule folder '{folder.FullName}' does not exist.");
                return 2;
            }

            if (!PlaceholdersOption.TryLoad(parse.GetValue(placeholders), Console.Error, out var loadOptions))
            {
                return 2;
            }

            var rules = RuleSet.LoadDirectory(folder.FullName, loadOptions);
            foreach (var diagnostic in rules.Diagnostics)
            {
                Console.WriteLine(diagnostic);
            }

            var ok = rules.AttemptedRuleCount - rules.FailedRuleCount;
            Console.WriteLine($"{ok} of {rules.AttemptedRuleCount} rules compiled ({rules.DetectionRules.Count} detection, {rules.CorrelationRules.Count} correlation), {rules.FailedRuleCount} failed.");
            foreach (var reason in rules.Diagnostics.Where(d => d.Severity == RuleDiagnosticSeverity.Error).GroupBy(d => d.Code).OrderByDescending(g => g.Count()))
            {
                Console.WriteLine($"  {reason.Key}: {reason.Count()}");
            }

            return rules.HasErrors ? 1 : 0;
        });
        return command;
    }

    private static Command Test()
    {
        var rulesArg = new Argument<DirectoryInfo>("RULES") { Description = "Folder of Sigma rules." };
        var placeholders = PlaceholdersOption.Create();
        var eventsArg = new Argument<FileInfo>("EVENTS") { Description = "Events: a JSON array, JSON lines, or Windows event JSON ({\"Event\":{\"System\":…,\"EventData\":…}})." };
        var command = new Command("test", """
            Run the rules over the events and print one JSON line per match: rule id, title, level and event index.
            Correlation rules run too, on event time. Events that cannot be read are reported on stderr with their index.

            Example:
              cyberagg rules test rules/ samples/events.jsonl
            """)
        {
            rulesArg, eventsArg, placeholders,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(rulesArg)!;
            var file = parse.GetValue(eventsArg)!;
            if (!folder.Exists || !file.Exists)
            {
                Console.Error.WriteLine($"error: '{(folder.Exists ? file.FullName : folder.FullName)}' does not exist.");
                return 2;
            }

            if (!PlaceholdersOption.TryLoad(parse.GetValue(placeholders), Console.Error, out var loadOptions))
            {
                return 2;
            }

            var rules = RuleSet.LoadDirectory(folder.FullName, loadOptions);
            foreach (var diagnostic in rules.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic);
            }

            var detection = new DetectionEngine(rules);
            var correlation = new CorrelationEngine(rules);
            var view = new SecurityEventFields();
            var matched = new List<MatchedRule>();
            var fired = new List<CorrelationAlert>();
            var failures = 0;
            var events = 0;
            var matches = 0;
            var late = 0;
            var indexById = new Dictionary<string, int>(StringComparer.Ordinal);

            // A file is a bounded batch: every event is buffered, then correlated in event-time order at the end,
            // whatever order the file is in.
            foreach (var (index, e, error) in EventFileReader.Read(File.ReadAllBytes(file.FullName)))
            {
                if (e is null)
                {
                    Console.Error.WriteLine($"event {index}: {error}");
                    failures++;
                    continue;
                }

                events++;
                matched.Clear();
                detection.Match(view.Reset(e), matched);
                matches += matched.Count;
                foreach (var match in matched)
                {
                    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["rule_id"] = match.Rule.Id, ["title"] = match.Rule.Title, ["level"] = match.Rule.Level, ["event_index"] = index,
                    }));
                }

                var eventId = e.EventId ?? "event-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                indexById.TryAdd(eventId, index);
                if (correlation.Observe(matched, view, e.Timestamp, eventId, e.Tlp.ToName()) == ObserveOutcome.Late)
                {
                    late++;
                }
            }

            correlation.Flush(fired);
            foreach (var alert in fired)
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["rule_id"] = alert.RuleId, ["title"] = alert.Title, ["level"] = alert.Level,
                    ["event_index"] = indexById.GetValueOrDefault(alert.EvidenceEventIds[^1], -1),
                    ["correlation"] = alert.Type.ToString(), ["group_key"] = alert.GroupKey, ["event_count"] = alert.EventCount,
                    ["first_seen"] = alert.FirstSeen, ["last_seen"] = alert.LastSeen, ["evidence"] = alert.EvidenceEventIds,
                    ["countries"] = alert.GetValues("observer.country"),
                }));
            }

            var statistics = correlation.GetStatistics();
            Console.Error.WriteLine(
                $"rules test: {events} events, {matches} detection matches, {late} late, {statistics.DuplicateEvents} duplicates, " +
                $"{fired.Count} correlation alerts, {failures} unreadable (correlated in event-time order)");
            return failures > 0 ? 1 : 0;
        });
        return command;
    }
}
