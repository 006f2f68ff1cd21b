namespace CyberAgg.Rules;

/// <summary>Descriptive fields shared by detection and correlation rules.</summary>
public sealed record RuleMetadata
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required string Title { get; init; }

    public string? Level { get; init; }

    public string? Status { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The file (or caller-given source name) the rule came from.</summary>
    public required string Source { get; init; }
}
