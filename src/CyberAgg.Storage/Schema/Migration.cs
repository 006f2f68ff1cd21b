namespace CyberAgg.Storage.Schema;

/// <summary>One numbered schema step: its statements, in order.</summary>
public sealed record Migration(int Version, string Name, IReadOnlyList<string> Statements);
