using System.Globalization;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Spool;

/// <summary>
/// A bounded directory of batches, one file each, named by an increasing id so the oldest drains first. A file is
/// written to a temporary name, flushed to disk and renamed, so a crash never leaves half a batch under a real name.
/// </summary>
internal sealed class DiskSpool
{
    private const string Extension = ".spool";
    private readonly SpoolOptions _options;
    private readonly Guid _runId;
    private readonly AgentTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, SpoolEntry> _entries = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _nextId;
    private long _bytes;
    private long _droppedEvents;

    public DiskSpool(SpoolOptions options, Guid runId, AgentTelemetry telemetry, ILogger logger)
    {
        _options = options;
        _runId = runId;
        _telemetry = telemetry;
        _logger = logger;
        Directory.CreateDirectory(options.Dir);
        Recover();
    }

    /// <summary>Raised for every entry deleted by drop_oldest, with its run and sequence, so checkpoints can move on.</summary>
    public event Action<long>? DroppedFromThisRun;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Events deleted by drop_oldest since start.</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>
    /// Writes a batch. When full: waits for room (block) or deletes the oldest entries (drop_oldest). With
    /// <paramref name="force"/> it writes even past the limit (a batch Kafka refused, or shutdown): refusing would lose it.
    /// </summary>
    public async Task AppendAsync(OutboundBatch batch, bool force, CancellationToken cancellationToken)
    {
        var data = SpoolCodec.Encode(batch, _runId);
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                // A batch larger than the whole spool goes in when the spool is empty, else it could never be written.
                var fits = force || _bytes + data.Length <= _options.MaxBytes || _entries.Count == 0;
                if (!fits && _options.WhenFull == SpoolFullPolicy.DropOldest)
                {
                    fits = DropOldestLocked(data.Length);
                }

                if (fits)
                {
                    WriteLocked(data, batch.EventCount);
                    break;
                }

                wait = _changed.Task;
            }

            Log.SpoolFullBlocking(_logger, Bytes, _options.MaxBytes);
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _telemetry.BatchesSpooled.Add(1);
    }

    /// <summary>Waits until an entry that is not in flight exists, takes the oldest and marks it in flight.</summary>
    public async Task<SpoolEntry> TakeOldestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                foreach (var entry in _entries.Values)
                {
                    if (!entry.InFlight)
                    {
                        entry.InFlight = true;
                        return entry;
                    }
                }

                wait = _changed.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads an entry taken with <see cref="TakeOldestAsync"/>; null (and the entry set aside) when unreadable.</summary>
    public (OutboundBatch Batch, bool SameRun)? Read(SpoolEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            var (batch, runId) = SpoolCodec.Decode(File.ReadAllBytes(entry.Path));
            return (batch, runId == _runId);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // Kept beside the spool for inspection; its events are counted as dropped, never silently lost.
            _telemetry.Error(TagNames.ErrorTypes.SpoolFailed, TagNames.Stages.Spooling);
            Log.SpoolEntryCorrupt(_logger, entry.Path, e);
            TryMove(entry.Path, entry.Path + ".corrupt");
            Forget(entry, dropped: true);
            return null;
        }
    }

    /// <summary>The entry was acknowledged by Kafka: delete it.</summary>
    public void Complete(SpoolEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        File.Delete(entry.Path);
        Forget(entry, dropped: false);
    }

    /// <summary>The drainer gave up on the entry for now (shutdown): it stays for the next run.</summary>
    public void Release(SpoolEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            entry.InFlight = false;
            SignalLocked();
        }
    }

    private void WriteLocked(byte[] data, int events)
    {
        var id = _nextId++;
        var path = Path.Combine(_options.Dir, id.ToString("D16", CultureInfo.InvariantCulture) + Extension);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            stream.Write(data);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path);
        _entries.Add(id, new SpoolEntry(id, path, data.Length, events));
        _bytes += data.Length;
        _telemetry.SetSpool(_bytes, _entries.Count);
        SignalLocked();
    }

    private bool DropOldestLocked(long needed)
    {
        foreach (var entry in _entries.Values.ToArray())
        {
            if (_bytes + needed <= _options.MaxBytes)
            {
                break;
            }

            if (entry.InFlight)
            {
                continue;
            }

            // The sequence is read before deleting, so this run's checkpoints can pass the dropped batch.
            long sequence = -1;
            var sameRun = false;
            try
            {
                var (batch, runId) = SpoolCodec.Decode(File.ReadAllBytes(entry.Path));
                sequence = batch.Sequence;
                sameRun = runId == _runId;
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                Log.SpoolEntryCorrupt(_logger, entry.Path, e);
            }

            File.Delete(entry.Path);
            _entries.Remove(entry.Id);
            _bytes -= entry.Bytes;
            Interlocked.Add(ref _droppedEvents, entry.Events);
            _telemetry.EventsDropped.Add(entry.Events, new KeyValuePair<string, object?>(TagNames.Reason, "spool_full"));
            Log.SpoolDroppedOldest(_logger, entry.Events, entry.Path, _options.MaxBytes);
            if (sameRun)
            {
                DroppedFromThisRun?.Invoke(sequence);
            }
        }

        _telemetry.SetSpool(_bytes, _entries.Count);
        return _bytes + needed <= _options.MaxBytes || _entries.Count == 0;
    }

    private void Forget(SpoolEntry entry, bool dropped)
    {
        lock (_lock)
        {
            if (_entries.Remove(entry.Id))
            {
                _bytes -= entry.Bytes;
            }

            _telemetry.SetSpool(_bytes, _entries.Count);
            SignalLocked();
        }

        if (dropped)
        {
            Interlocked.Add(ref _droppedEvents, entry.Events);
            _telemetry.EventsDropped.Add(entry.Events, new KeyValuePair<string, object?>(TagNames.Reason, "spool_corrupt"));
        }
    }

    private void Recover()
    {
        foreach (var temp in Directory.EnumerateFiles(_options.Dir, "*" + Extension + ".tmp"))
        {
            // Never renamed, so never counted as spooled: the batch's data is re-read from its input or was not accepted.
            File.Delete(temp);
        }

        var header = new byte[33];
        foreach (var path in Directory.EnumerateFiles(_options.Dir, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            var info = new FileInfo(path);
            int read;
            using (var stream = File.OpenRead(path))
            {
                read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }

            _entries.Add(id, new SpoolEntry(id, path, info.Length, SpoolCodec.ReadEventCount(header.AsSpan(0, read))));
            _bytes += info.Length;
            _nextId = Math.Max(_nextId, id + 1);
        }

        _telemetry.SetSpool(_bytes, _entries.Count);
        if (_entries.Count > 0)
        {
            Log.SpoolRecovered(_logger, _entries.Count, _bytes);
        }
    }

    private void SignalLocked()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void TryMove(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
        }
        catch (IOException e)
        {
            Log.SpoolEntryCorrupt(_logger, from, e);
        }
    }
}
