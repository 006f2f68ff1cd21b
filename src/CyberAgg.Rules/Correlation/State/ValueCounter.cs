using System.Runtime.InteropServices;

namespace CyberAgg.Rules.Correlation.State;

/// <summary>Reference-counted distinct values, so values can leave the window as observations expire.</summary>
/// <remarks>
/// Most groups see a handful of distinct values (countries, partners), and every group of every rule holds several
/// counters, so the counter stays one small array searched linearly up to <see cref="SmallLimit"/> values and only
/// then becomes a dictionary: fewer objects per group, fewer cache misses per update.
/// </remarks>
internal sealed class ValueCounter
{
    private const int SmallLimit = 8;
    private Entry[] _small = [];
    private int _smallCount;
    private Dictionary<string, int>? _large;

    public int Distinct => _large?.Count ?? _smallCount;

    public long CharCount { get; private set; }

    public void Add(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (_large is not null)
        {
            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_large, value, out var existed);
            count++;
            if (!existed)
            {
                CharCount += value.Length;
            }

            return;
        }

        var index = IndexOf(value);
        if (index >= 0)
        {
            _small[index].Count++;
            return;
        }

        CharCount += value.Length;
        if (_smallCount == SmallLimit)
        {
            _large = new Dictionary<string, int>(SmallLimit * 2, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _smallCount; i++)
            {
                _large.Add(_small[i].Value, _small[i].Count);
            }

            _large.Add(value, 1);
            _small = [];
            _smallCount = 0;
            return;
        }

        if (_smallCount == _small.Length)
        {
            // Four at first: a group's countries and partners are mostly a few, so one array usually does.
            Array.Resize(ref _small, Math.Max(4, _small.Length * 2));
        }

        _small[_smallCount++] = new Entry(value, 1);
    }

    public void Remove(string? value)
    {
        if (value is null)
        {
            return;
        }

        if (_large is not null)
        {
            if (!_large.TryGetValue(value, out var count))
            {
                return;
            }

            if (count <= 1)
            {
                _large.Remove(value);
                CharCount -= value.Length;
            }
            else
            {
                _large[value] = count - 1;
            }

            return;
        }

        var index = IndexOf(value);
        if (index < 0)
        {
            return;
        }

        if (--_small[index].Count == 0)
        {
            CharCount -= _small[index].Value.Length;
            _small[index] = _small[--_smallCount];
            _small[_smallCount] = default;
        }
    }

    public int CountOf(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (_large is not null)
        {
            return _large.TryGetValue(value, out var count) ? count : 0;
        }

        var index = IndexOf(value);
        return index < 0 ? 0 : _small[index].Count;
    }

    /// <summary>The distinct values, sorted ordinally (a new array: alerts keep it).</summary>
    public string[] Values()
    {
        var values = new string[Distinct];
        if (_large is not null)
        {
            _large.Keys.CopyTo(values, 0);
        }
        else
        {
            for (var i = 0; i < _smallCount; i++)
            {
                values[i] = _small[i].Value;
            }
        }

        Array.Sort(values, StringComparer.Ordinal);
        return values;
    }

    public void Clear()
    {
        _large = null;
        Array.Clear(_small, 0, _smallCount);
        _smallCount = 0;
        CharCount = 0;
    }

    private int IndexOf(string value)
    {
        for (var i = 0; i < _smallCount; i++)
        {
            var candidate = _small[i].Value;
            if (ReferenceEquals(candidate, value) || string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private struct Entry(string value, int count)
    {
        public string Value = value;
        public int Count = count;
    }
}
