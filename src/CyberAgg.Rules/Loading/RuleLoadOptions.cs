namespace CyberAgg.Rules.Loading;

/// <summary>Limits and knobs for loading and compiling rules.</summary>
public sealed class RuleLoadOptions
{
    public static RuleLoadOptions Default { get; } = new();

    /// <summary>Largest accepted rule file, in characters; bigger inputs are rejected, not parsed.</summary>
    public int MaxRuleFileChars { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest accepted YAML nesting.</summary>
    public int MaxYamlDepth { get; init; } = 64;

    /// <summary>Most YAML nodes accepted in one file.</summary>
    public int MaxYamlNodes { get; init; } = 200_000;

    /// <summary>Deepest accepted condition expression nesting.</summary>
    public int MaxConditionDepth { get; init; } = 100;

    /// <summary>Most values one field item may expand to (windash, base64offset, placeholders).</summary>
    public int MaxExpandedValues { get; init; } = 65_536;

    /// <summary>Time limit per regular-expression match for patterns that need the backtracking engine.</summary>
    public TimeSpan RegexMatchTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Values for <c>|expand</c> placeholders (name without percent signs), e.g. from <see cref="PlaceholderValues.LoadFile"/>; rules using others are rejected.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Placeholders { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Fields searched by field-less keyword selections; null searches every field of the event.</summary>
    public IReadOnlyList<string>? KeywordFields { get; init; }
}
