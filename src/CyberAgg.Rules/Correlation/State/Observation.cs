namespace CyberAgg.Rules.Correlation.State;

/// <summary>One event as a correlation group remembers it.</summary>
internal readonly record struct Observation(
    DateTimeOffset Time,
    string EventId,
    int TlpRank,
    ulong RuleMask,
    string?[] Values,
    double Number,
    string?[] Context);
