namespace CyberAgg.Rules.Correlation.State;

/// <summary>
/// Buffered events in release order: event time, then event id (ordinal), a total order, so ties release the same
/// way whatever the arrival order.
/// </summary>
/// <remarks>
/// Events are filed in one bucket per distinct event time (UTC ticks); only the bucket times are kept in a heap.
/// A bucket is sorted by id when it is released, and only when its events did not arrive in id order. Agents stamp
/// many events of a batch with one time and partitions are mostly consumed in time order, so this costs a hash
/// lookup and an append per event instead of a heap of events compared by time and then by id string. Buckets and
/// their arrays are reused.
/// </remarks>
internal sealed class EventBuffer
{
    private const int MaxPooledBuckets = 65_536;
    private const int MaxPooledBucketSize = 4096;

    private readonly Dictionary<long, Bucket> _byTime = [];
    private readonly PriorityQueue<Bucket, long> _times = new();
    private readonly Stack<Bucket> _free = new();
    private Bucket? _releasing;

    public int Count { get; private set; }

    public void Add(BufferedEvent e)
    {
        var ticks = e.Time.UtcTicks;
        if (!_byTime.TryGetValue(ticks, out var bucket))
        {
            bucket = _free.Count > 0 ? _free.Pop() : new Bucket();
            bucket.Ticks = ticks;
            _byTime.Add(ticks, bucket);
            _times.Enqueue(bucket, ticks);
        }

        bucket.Add(e);
        Count++;
    }

    /// <summary>The first event in release order, without taking it.</summary>
    public bool TryPeek(out BufferedEvent first)
    {
        if (_releasing is { } releasing)
        {
            first = releasing.Items[releasing.Next];
            return true;
        }

        if (_times.TryPeek(out var bucket, out _))
        {
            bucket.Sort();
            first = bucket.Items[0];
            return true;
        }

        first = null!;
        return false;
    }

    /// <summary>Takes the first event in release order if its time is at or before <paramref name="upTo"/>.</summary>
    public bool TryTake(DateTimeOffset upTo, out BufferedEvent next)
    {
        var releasing = _releasing;
        if (releasing is null)
        {
            if (!_times.TryPeek(out releasing, out var ticks) || ticks > upTo.UtcTicks)
            {
                next = null!;
                return false;
            }

            // A whole bucket is released at once: every event in it has the same time.
            _times.Dequeue();
            _byTime.Remove(ticks);
            releasing.Sort();
            _releasing = releasing;
        }

        next = releasing.Items[releasing.Next];
        releasing.Items[releasing.Next++] = null!;
        Count--;
        if (releasing.Next == releasing.Count)
        {
            _releasing = null;
            Recycle(releasing);
        }

        return true;
    }

    private void Recycle(Bucket bucket)
    {
        if (_free.Count < MaxPooledBuckets && bucket.Items.Length <= MaxPooledBucketSize)
        {
            bucket.Reset();
            _free.Push(bucket);
        }
    }

    private sealed class Bucket
    {
        private static readonly Comparison<BufferedEvent> ById = static (a, b) => string.CompareOrdinal(a.EventId, b.EventId);
        private bool _sorted = true;

        public long Ticks { get; set; }

        public BufferedEvent[] Items { get; private set; } = new BufferedEvent[4];

        public int Count { get; private set; }

        public int Next { get; set; }

        public void Add(BufferedEvent e)
        {
            if (Count == Items.Length)
            {
                var items = Items;
                Array.Resize(ref items, items.Length * 2);
                Items = items;
            }

            if (Count > 0 && _sorted && string.CompareOrdinal(Items[Count - 1].EventId, e.EventId) > 0)
            {
                _sorted = false;
            }

            Items[Count++] = e;
        }

        public void Sort()
        {
            if (!_sorted)
            {
                Items.AsSpan(0, Count).Sort(ById);
                _sorted = true;
            }
        }

        public void Reset()
        {
            Count = 0;
            Next = 0;
            _sorted = true;
        }
    }
}
