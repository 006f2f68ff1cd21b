namespace CyberAgg.Rules.Correlation.State;

/// <summary>Reference-counted distinct values, so values can leave the window as observations expire.</summary>
internal sealed class ValueCounter
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);

    public int Distinct => _counts.Count;

    public long CharCount { get; private set; }

    public void Add(string? value)
    {
        if (value is null)
        {
            return;
        }

        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, value, out var existed);
        count++;
        if (!existed)
        {
            CharCount += value.Length;
        }
    }

    public void Remove(string? value)
    {
        if (value is null || !_counts.TryGetValue(value, out var count))
        {
            return;
        }

        if (count <= 1)
        {
            _counts.Remove(value);
            CharCount -= value.Length;
        }
        else
        {
            _counts[value] = count - 1;
        }
    }

    public int CountOf(string? value) => value is not null && _counts.TryGetValue(value, out var count) ? count : 0;

    public List<string> Values() => [.. _counts.Keys.Order(StringComparer.Ordinal)];

    public void Clear()
    {
        _counts.Clear();
        CharCount = 0;
    }
}
