namespace CyberAgg.Bench.Report;

/// <summary>One goal of issue 6 against what this run reached.</summary>
public sealed record GoalCheck(string Goal, string Target, string Reached, bool Met);
