namespace CyberAgg.Agent.Parsing;

/// <summary>A parsed ArcSight Common Event Format record: seven header fields and the unescaped extension pairs.</summary>
internal sealed class CefMessage
{
    public required string Version { get; init; }

    public required string DeviceVendor { get; init; }

    public required string DeviceProduct { get; init; }

    public required string DeviceVersion { get; init; }

    public required string SignatureId { get; init; }

    public required string Name { get; init; }

    public required string Severity { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];
}
