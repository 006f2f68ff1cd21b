namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// One event as a correlation group remembers it. Its value and context fields are not here: the group keeps them in
/// one flat array beside its observations (see <see cref="GroupState"/>), so remembering an event allocates nothing.
/// </summary>
internal readonly record struct Observation(
    DateTimeOffset Time,
    string EventId,
    int TlpRank,
    ulong RuleMask,
    double Number);
