namespace CyberAgg.Bench;

/// <summary>What the rate-limited phase was asked for and what it produced.</summary>
internal sealed record LoadFigures(double TargetEventsPerSecond, double AchievedEventsPerSecond);
