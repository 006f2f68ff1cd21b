using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Detection;

namespace CyberAgg.Rules.Loading;

/// <summary>Binds correlation <c>rules</c> references to compiled rules and applies field aliases.</summary>
internal static class CorrelationResolver
{
    public static List<CorrelationRule> Resolve(
        List<DetectionRule> detections, List<CorrelationRule> correlations, List<RuleDiagnostic> diagnostics)
    {
        var live = new List<CorrelationRule>(correlations);
        bool changed;
        do
        {
            changed = false;
            var lookup = BuildLookup(detections, live);
            foreach (var rule in live.ToList())
            {
                try
                {
                    rule.Inputs = BuildInputs(rule, lookup);
                }
                catch (RuleCompileException ex)
                {
                    diagnostics.Add(new RuleDiagnostic(rule.Metadata.Source, rule.Id, rule.Title, RuleDiagnosticSeverity.Error, ex.Code, ex.Message));
                    live.Remove(rule);
                    changed = true;
                }
            }
        }
        while (changed);

        foreach (var rule in live.Where(r => IsInCycle(r)).ToList())
        {
            diagnostics.Add(new RuleDiagnostic(
                rule.Metadata.Source, rule.Id, rule.Title, RuleDiagnosticSeverity.Error, RuleErrorCodes.UnresolvedReference, "correlation references itself through a cycle"));
            live.Remove(rule);
        }

        MarkGeneratedRules(live);
        return live;
    }

    private static Dictionary<string, object> BuildLookup(List<DetectionRule> detections, List<CorrelationRule> correlations)
    {
        var lookup = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var rule in detections)
        {
            lookup.TryAdd(rule.Id, rule);
        }

        foreach (var rule in correlations)
        {
            lookup.TryAdd(rule.Id, rule);
        }

        // Names resolve after ids so an id can never be shadowed by another rule's name.
        foreach (var rule in detections.Where(r => r.Name is not null))
        {
            lookup.TryAdd(rule.Name!, rule);
        }

        foreach (var rule in correlations.Where(r => r.Name is not null))
        {
            lookup.TryAdd(rule.Name!, rule);
        }

        return lookup;
    }

    private static CorrelationInput[] BuildInputs(CorrelationRule rule, Dictionary<string, object> lookup)
    {
        var definition = rule.Definition;
        var inputs = new CorrelationInput[definition.RuleReferences.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var reference = definition.RuleReferences[i];
            if (!lookup.TryGetValue(reference, out var target))
            {
                throw new RuleCompileException(
                    RuleErrorCodes.UnresolvedReference, $"referenced rule '{reference}' was not found (or failed to load)");
            }

            var detection = target as DetectionRule;
            var correlation = target as CorrelationRule;
            var names = new[] { reference, detection?.Name ?? correlation?.Name, detection?.Id ?? correlation?.Id };
            inputs[i] = new CorrelationInput(
                i,
                detection,
                correlation,
                definition.GroupBy.Select(f => ResolveAlias(f, names, definition.Aliases)).ToArray(),
                definition.ValueFields.Select(f => ResolveAlias(f, names, definition.Aliases)).ToArray());
        }

        return inputs;
    }

    private static string ResolveAlias(string field, string?[] names, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> aliases)
    {
        if (!aliases.TryGetValue(field, out var perRule))
        {
            return field;
        }

        foreach (var name in names)
        {
            if (name is not null && perRule.TryGetValue(name, out var mapped))
            {
                return mapped;
            }
        }

        throw new RuleCompileException(
            RuleErrorCodes.UnresolvedReference, $"alias '{field}' has no field for referenced rule '{names[0]}'");
    }

    private static bool IsInCycle(CorrelationRule start)
    {
        var visited = new HashSet<CorrelationRule>();
        var stack = new Stack<CorrelationRule>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            foreach (var input in stack.Pop().Inputs)
            {
                if (input.Correlation is not { } next)
                {
                    continue;
                }

                if (ReferenceEquals(next, start))
                {
                    return true;
                }

                if (visited.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return false;
    }

    private static void MarkGeneratedRules(List<CorrelationRule> correlations)
    {
        var generated = new Dictionary<object, bool>();
        foreach (var rule in correlations)
        {
            foreach (var input in rule.Inputs)
            {
                object target = (object?)input.Detection ?? input.Correlation!;
                generated[target] = (generated.TryGetValue(target, out var already) && already) || rule.Generate;
            }
        }

        foreach (var (target, generates) in generated)
        {
            switch (target)
            {
                case DetectionRule detection:
                    detection.GeneratesAlerts = generates;
                    break;
                case CorrelationRule correlation:
                    correlation.GeneratesAlerts = generates;
                    break;
            }
        }
    }
}
