using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// An event waiting for the watermark, with the fields correlations read from it: the values of the engine's
/// snapshot fields, in the order of its shared name array, so a buffered event costs two small arrays and itself.
/// </summary>
internal sealed class BufferedEvent(DateTimeOffset time, string eventId, int tlpRank, int[] detections, string[] names, string?[] values) : IEventFields
{
    /// <summary>Marks a snapshot field the event did not have (a present field may still be null).</summary>
    internal static readonly string Absent = new('\0', 1);

    public DateTimeOffset Time { get; } = time;

    public string EventId { get; } = eventId;

    public int TlpRank { get; } = tlpRank;

    public int[] Detections { get; } = detections;

    /// <summary>The snapshot values by position (<see cref="Absent"/> where the event lacked the field).</summary>
    public string?[] Snapshot => values;

    /// <summary>Event time, then event id: a total order, so ties release the same way whatever the arrival order.</summary>
    public static IComparer<BufferedEvent> Order { get; } = Comparer<BufferedEvent>.Create(static (a, b) =>
    {
        var byTime = a.Time.UtcTicks.CompareTo(b.Time.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.EventId, b.EventId);
    });

    public int FieldCount => names.Length;

    public string GetName(int index) => names[index];

    public string? GetValue(int index) => ReferenceEquals(values[index], Absent) ? null : values[index];

    public bool TryGet(string field, out string? value)
    {
        // The names are the engine's own strings, and callers ask with the rules' strings: mostly the same instances.
        for (var i = 0; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], field) || string.Equals(names[i], field, StringComparison.Ordinal))
            {
                value = values[i];
                if (ReferenceEquals(value, Absent))
                {
                    value = null;
                    return false;
                }

                return true;
            }
        }

        value = null;
        return false;
    }
}
