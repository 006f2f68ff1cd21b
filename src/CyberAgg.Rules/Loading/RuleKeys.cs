using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Loading;

/// <summary>The keys Sigma defines for rule and correlation documents, and the checks that catch typos in them.</summary>
/// <remarks>
/// The Sigma rules specification allows "arbitrary custom fields" at the top level of a rule, so an
/// unknown top-level key is only an error when it looks like a misspelling of a Sigma key (for example
/// <c>falsepositive</c>, <c>Level</c>, <c>logsorce</c>) or is a key that belongs inside a section
/// (<c>condition</c>, <c>group-by</c>, <c>timespan</c>, ...). Inside <c>correlation:</c> the specification
/// lists every key, so any other key is an error: a typo such as <c>group_by</c> would otherwise
/// silently put every event into one group.
/// </remarks>
internal static class RuleKeys
{
    /// <summary>Top-level keys of a detection rule (Sigma rules specification 2.1).</summary>
    public static readonly string[] DetectionTopLevel =
    [
        "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
        "date", "modified", "logsource", "detection", "fields", "falsepositives", "level", "tags", "scope",
    ];

    /// <summary>Top-level keys of a correlation rule (Sigma correlation rules specification 2.1).</summary>
    public static readonly string[] CorrelationTopLevel =
    [
        "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
        "date", "modified", "correlation", "falsepositives", "level", "tags", "generate",
    ];

    /// <summary>Keys of the <c>correlation</c> section; <c>generate</c> is also accepted here, where early drafts put it.</summary>
    public static readonly string[] CorrelationSection = ["type", "rules", "group-by", "timespan", "condition", "aliases", "generate"];

    /// <summary>Keys of a correlation <c>condition</c> map.</summary>
    public static readonly string[] CorrelationCondition = ["gt", "gte", "lt", "lte", "eq", "neq", "field"];

    private static readonly string[] DetectionSectionKeys = ["condition"];

    private static readonly string[] LogSourceSectionKeys = ["category", "product", "service", "definition"];

    /// <summary>Rejects top-level keys that are misspelt Sigma keys or that belong inside a section.</summary>
    public static void CheckTopLevel(YamlMap document, bool isCorrelation)
    {
        var known = isCorrelation ? CorrelationTopLevel : DetectionTopLevel;
        foreach (var (key, _) in document.Entries)
        {
            if (known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            if (isCorrelation && key is "detection" or "logsource")
            {
                throw new RuleCompileException(
                    RuleErrorCodes.UnknownKey,
                    $"a correlation document cannot also have '{key}'; put the detection in its own YAML document (separated by ---) and list its id or name under correlation.rules");
            }

            var misplaced = Misplaced(key, isCorrelation);
            if (misplaced is not null)
            {
                throw new RuleCompileException(RuleErrorCodes.UnknownKey, misplaced);
            }

            var closest = KeySpelling.Closest(key, known);
            if (closest is not null)
            {
                throw new RuleCompileException(
                    RuleErrorCodes.UnknownKey,
                    $"unknown top-level key '{key}': did you mean '{closest}'? Sigma keys are lowercase: {string.Join(", ", known)} (other keys are allowed as custom attributes)");
            }
        }
    }

    /// <summary>Rejects any key of a section that the specification does not define.</summary>
    public static void CheckSection(YamlMap section, string sectionName, string[] known, string code = RuleErrorCodes.UnknownKey)
    {
        foreach (var (key, _) in section.Entries)
        {
            if (known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            var closest = KeySpelling.Closest(key, known);
            var hint = closest is null ? string.Empty : $" (did you mean '{closest}'?)";
            throw new RuleCompileException(
                code, $"unknown key '{key}' in '{sectionName}'{hint}; known keys: {string.Join(", ", known)}");
        }
    }

    private static string? Misplaced(string key, bool isCorrelation)
    {
        if (isCorrelation && KeySpelling.Closest(key, CorrelationSection.Except(["generate"])) is { } correlationKey)
        {
            return $"top-level key '{key}' belongs inside 'correlation:' (as '{correlationKey}'); indent it under correlation";
        }

        if (!isCorrelation && KeySpelling.Closest(key, DetectionSectionKeys) is { } detectionKey)
        {
            return $"top-level key '{key}' belongs inside 'detection:' (as '{detectionKey}'); indent it under detection";
        }

        if (!isCorrelation && KeySpelling.Closest(key, LogSourceSectionKeys) is { } logSourceKey)
        {
            return $"top-level key '{key}' belongs inside 'logsource:' (as '{logSourceKey}'); indent it under logsource";
        }

        return null;
    }
}
