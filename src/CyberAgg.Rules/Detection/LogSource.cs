namespace CyberAgg.Rules.Detection;

/// <summary>A rule's Sigma <c>logsource</c>: which kind of events it is written for.</summary>
public sealed record LogSource(string? Product, string? Category, string? Service)
{
    public static LogSource Any { get; } = new(null, null, null);

    public override string ToString() =>
        $"product={Product ?? "*"} category={Category ?? "*"} service={Service ?? "*"}";
}
