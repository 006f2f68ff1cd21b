using System.Runtime.CompilerServices;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// An event waiting for the watermark, with the fields correlations read from it: the values of the engine's
/// snapshot fields, in the order of its shared name array. Reused: once released, the engine fills it with another
/// event (groups copy the values they keep), so buffering an event allocates nothing in steady state. Up to
/// <see cref="InlineFields"/> snapshot fields (the shipped rules read eight) live in the object itself, so an event
/// waiting for the watermark is one object, not an object and an array.
/// </summary>
internal sealed class BufferedEvent(string[] names) : IEventFields
{
    /// <summary>Marks a snapshot field the event did not have (a present field may still be null).</summary>
    internal static readonly string Absent = new('\0', 1);

    /// <summary>Snapshot fields kept inside the object; beyond this many they live in an array.</summary>
    public const int InlineFields = 8;

    private readonly string?[]? _overflow = names.Length > InlineFields ? new string?[names.Length] : null;
    private InlineValues _inline;
    private int _firstDetection;
    private int[]? _moreDetections;

    public DateTimeOffset Time { get; private set; }

    public string EventId { get; private set; } = string.Empty;

    public int TlpRank { get; private set; }

    /// <summary>How many detection rules the event matched that some correlation consumes (see <see cref="Detection"/>).</summary>
    public int DetectionCount { get; private set; }

    public int FieldCount => names.Length;

    /// <summary>Fills the event in: its snapshot values are read from <paramref name="fields"/> now.</summary>
    public void Set(DateTimeOffset time, string eventId, int tlpRank, IEventFields fields)
    {
        Time = time;
        EventId = eventId;
        TlpRank = tlpRank;
        DetectionCount = 0;
        var values = Values;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = fields.TryGet(names[i], out var value) ? value : Absent;
        }
    }

    /// <summary>Index of the <paramref name="i"/>-th such detection rule; most events have one, kept without an array.</summary>
    public int Detection(int i) => i == 0 ? _firstDetection : _moreDetections![i - 1];

    public void AddDetection(int index)
    {
        if (DetectionCount == 0)
        {
            _firstDetection = index;
        }
        else
        {
            _moreDetections ??= new int[2];
            if (DetectionCount > _moreDetections.Length)
            {
                Array.Resize(ref _moreDetections, _moreDetections.Length * 2);
            }

            _moreDetections[DetectionCount - 1] = index;
        }

        DetectionCount++;
    }

    /// <summary>Drops the references the event holds, before it waits in the pool.</summary>
    public void Clear()
    {
        Values.Clear();
        EventId = string.Empty;
        DetectionCount = 0;
    }

    /// <summary>The snapshot value at <paramref name="position"/>, null where the event lacked the field.</summary>
    public string? ValueAt(int position)
    {
        var value = Values[position];
        return ReferenceEquals(value, Absent) ? null : value;
    }

    public string GetName(int index) => names[index];

    public string? GetValue(int index) => ValueAt(index);

    public bool TryGet(string field, out string? value)
    {
        // The names are the engine's own strings, and callers ask with the rules' strings: mostly the same instances.
        for (var i = 0; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], field) || string.Equals(names[i], field, StringComparison.Ordinal))
            {
                value = Values[i];
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

    /// <summary>The snapshot values by position (<see cref="Absent"/> where the event lacked the field).</summary>
    private Span<string?> Values => _overflow ?? ((Span<string?>)_inline)[..names.Length];

    [InlineArray(InlineFields)]
    private struct InlineValues
    {
        private string? _element;
    }
}
