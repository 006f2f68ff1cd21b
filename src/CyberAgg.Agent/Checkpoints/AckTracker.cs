using CyberAgg.Agent.Sources;

namespace CyberAgg.Agent.Checkpoints;

/// <summary>
/// Turns out-of-order batch settlements (acknowledged by Kafka, or deliberately dropped) into confirmed file offsets:
/// a file's offset advances only past batches that are settled along with every batch before them.
/// </summary>
/// <remarks>Thread-safe: delivery reports arrive on librdkafka's threads and the spool drainer.</remarks>
internal sealed class AckTracker
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Pending> _pending = [];
    private readonly Dictionary<FileKey, FileMark> _confirmed;
    private long _nextSequence;
    private long _version;

    public AckTracker(IReadOnlyDictionary<FileKey, FileMark> confirmed)
    {
        _confirmed = new Dictionary<FileKey, FileMark>(confirmed);
    }

    /// <summary>Raised (outside the lock) when confirmed offsets moved; the checkpoint writer listens.</summary>
    public event Action? Advanced;

    /// <summary>Bumped on every advance, so a writer can tell whether it saved the latest state.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Registers the next batch, in cut order, with the file positions it reaches.</summary>
    public long Register(IReadOnlyList<FileMark> marks)
    {
        lock (_lock)
        {
            var sequence = _nextSequence++;
            _pending.Add(sequence, new Pending(marks));
            return sequence;
        }
    }

    /// <summary>Marks a batch as done; advances offsets over the settled prefix.</summary>
    public void Settle(long sequence)
    {
        var advanced = false;
        lock (_lock)
        {
            if (!_pending.TryGetValue(sequence, out var pending))
            {
                return;
            }

            pending.Settled = true;
            while (_pending.Count > 0)
            {
                var first = _pending.First();
                if (!first.Value.Settled)
                {
                    break;
                }

                foreach (var mark in first.Value.Marks)
                {
                    _confirmed[mark.Key] = mark;
                }

                _pending.Remove(first.Key);
                advanced = true;
            }

            if (advanced)
            {
                _version++;
            }
        }

        if (advanced)
        {
            Advanced?.Invoke();
        }
    }

    /// <summary>Batches registered and not yet settled.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public FileMark[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _confirmed.Values];
        }
    }

    public bool TryGetConfirmed(FileKey key, out FileMark mark)
    {
        lock (_lock)
        {
            return _confirmed.TryGetValue(key, out mark);
        }
    }

    private sealed class Pending(IReadOnlyList<FileMark> marks)
    {
        public IReadOnlyList<FileMark> Marks { get; } = marks;

        public bool Settled { get; set; }
    }
}
