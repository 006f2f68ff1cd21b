namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// One event as a correlation group remembers it. Its values live in the buffered event's snapshot, shared by every
/// rule the event feeds; the positions say which of them this rule's value and context fields are.
/// </summary>
internal readonly record struct Observation(
    DateTimeOffset Time,
    string EventId,
    int TlpRank,
    ulong RuleMask,
    string?[] Snapshot,
    int[] ValuePositions,
    double Number,
    int[] ContextPositions)
{
    public int ValueCount => ValuePositions.Length;

    public string? Value(int field) => Read(ValuePositions[field]);

    public string? ContextValue(int field) => Read(ContextPositions[field]);

    private string? Read(int position)
    {
        var value = Snapshot[position];
        return ReferenceEquals(value, BufferedEvent.Absent) ? null : value;
    }
}
