namespace CyberAgg.Federation.Local;

/// <summary>One node of a local alliance: its id, its country and the partners whose agents send to it.</summary>
public sealed record NodeSpec(string Node, string Country, IReadOnlyList<string> Partners);
