using System.Threading.Channels;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// Tails every file that matches an input's globs. Files are tracked by inode, so a rename rotation finishes the old
/// file before starting the new one, and a restart resumes each file at its confirmed offset.
/// </summary>
internal sealed class FileSource : ISource, IDisposable
{
    private const long MaxBytesPerFilePerPoll = 4 * 1024 * 1024;
    private readonly InputOptions _options;
    private readonly AckTracker _tracker;
    private readonly int _maxRecordBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AgentTelemetry _telemetry;
    private readonly Dictionary<FileKey, FileTailer> _tailers = [];
    private bool _firstScanDone;

    public FileSource(InputOptions options, AckTracker tracker, int maxRecordBytes, TimeProvider time, ILogger logger, AgentTelemetry telemetry)
    {
        _options = options;
        _tracker = tracker;
        _maxRecordBytes = maxRecordBytes;
        _time = time;
        _logger = logger;
        _telemetry = telemetry;
    }

    public string Name => _options.Name;

    /// <summary>Files currently open, by path (for tests and logs).</summary>
    public IReadOnlyCollection<string> OpenFiles => _tailers.Values.Select(t => t.Path).ToArray();

    public async Task RunAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool more;
            try
            {
                more = await PollOnceAsync(output, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (!more)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: find files, read what they gained, handle rotation and truncation. True when data was left unread.</summary>
    public async Task<bool> PollOnceAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        var present = new Dictionary<FileKey, string>();
        foreach (var path in FileGlob.Expand(_options.Paths))
        {
            if (FileIdentity.TryGet(path, out var key, out _))
            {
                // Two names for one inode (a hard link, or a rename caught mid-way): read it once.
                present.TryAdd(key, path);
            }
        }

        var more = false;
        foreach (var (key, tailer) in _tailers.ToArray())
        {
            more |= await ReadAsync(tailer, output, cancellationToken).ConfigureAwait(false);
            if (present.TryGetValue(key, out var path))
            {
                tailer.Path = path;
                continue;
            }

            // Renamed out of the globs or deleted: bytes written before the rename are read, then the tail is flushed.
            while (await ReadAsync(tailer, output, cancellationToken).ConfigureAwait(false))
            {
            }

            var tail = await tailer.FlushTailAsync(output, cancellationToken).ConfigureAwait(false);
            _telemetry.EventsReceived.Add(tail, new KeyValuePair<string, object?>(TagNames.Input, Name));
            Log.FileRotated(_logger, tailer.Path, tailer.EmittedOffset);
            tailer.Dispose();
            _tailers.Remove(key);
        }

        foreach (var (key, path) in present)
        {
            if (_tailers.ContainsKey(key) || !TryOpen(path, key, out var tailer))
            {
                continue;
            }

            _tailers.Add(key, tailer);
            more |= await ReadAsync(tailer, output, cancellationToken).ConfigureAwait(false);
        }

        _firstScanDone = true;
        return more;
    }

    private bool SameHead(string path, FileMark mark)
    {
        if (mark.FingerprintLength == 0)
        {
            return true;
        }

        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var same = FileFingerprint.Compute(handle, mark.FingerprintLength, out var hashed) == mark.Fingerprint && hashed == mark.FingerprintLength;
            if (!same)
            {
                Log.FileReplaced(_logger, path);
            }

            return same;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var tailer in _tailers.Values)
        {
            tailer.Dispose();
        }

        _tailers.Clear();
    }

    private async Task<bool> ReadAsync(FileTailer tailer, ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        try
        {
            var (more, records, truncated) = await tailer.ReadAsync(output, MaxBytesPerFilePerPoll, cancellationToken).ConfigureAwait(false);
            if (truncated)
            {
                Log.FileTruncated(_logger, tailer.Path);
            }

            _telemetry.EventsReceived.Add(records, new KeyValuePair<string, object?>(TagNames.Input, Name));
            return more;
        }
        catch (IOException e)
        {
            _telemetry.Error(TagNames.ErrorTypes.ReadFailed, TagNames.Stages.Receiving);
            Log.FileReadFailed(_logger, tailer.Path, e);
            return false;
        }
    }

    private bool TryOpen(string path, FileKey key, out FileTailer tailer)
    {
        tailer = null!;
        if (!FileIdentity.TryGet(path, out _, out var size))
        {
            return false;
        }

        long start;
        if (_tracker.TryGetConfirmed(key, out var mark))
        {
            // A checkpoint beyond the end means the file was truncated while the agent was away; other first bytes
            // mean another file now has the inode.
            start = mark.Offset <= size && SameHead(path, mark) ? mark.Offset : 0;
        }
        else
        {
            start = _firstScanDone || _options.ReadFromBeginning ? 0 : size;
        }

        try
        {
            tailer = new FileTailer(path, key, start, Name, _options.Format, _maxRecordBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _telemetry.Error(TagNames.ErrorTypes.ReadFailed, TagNames.Stages.Receiving);
            Log.FileOpenFailed(_logger, path, e);
            return false;
        }

        Log.FileOpened(_logger, path, start);
        return true;
    }
}
