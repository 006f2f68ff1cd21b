using System.Threading.Channels;
using CyberAgg.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Checkpoints;

/// <summary>Saves confirmed offsets whenever they advance, coalescing bursts of acknowledgements into one write.</summary>
internal sealed class CheckpointWriter
{
    private readonly AckTracker _tracker;
    private readonly CheckpointStore _store;
    private readonly AgentTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _savedVersion = -1;

    public CheckpointWriter(AckTracker tracker, CheckpointStore store, AgentTelemetry telemetry, ILogger logger)
    {
        _tracker = tracker;
        _store = store;
        _telemetry = telemetry;
        _logger = logger;
        _tracker.Advanced += () => _signal.Writer.TryWrite(true);
    }

    /// <summary>Version of the tracker state last written to disk.</summary>
    public long SavedVersion => Interlocked.Read(ref _savedVersion);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _signal.Reader.TryRead(out _);
                Save();
            }
        }
        catch (OperationCanceledException)
        {
            // The final save happens in SaveNow at shutdown.
        }
    }

    /// <summary>Writes the current state if it changed since the last write.</summary>
    public void Save()
    {
        var version = _tracker.Version;
        if (version == Interlocked.Read(ref _savedVersion))
        {
            return;
        }

        try
        {
            // Files that are gone (rotated away and deleted) need no checkpoint; the file would otherwise grow forever.
            _store.Save(_tracker.Snapshot().Where(m => File.Exists(m.Path)));
            Interlocked.Exchange(ref _savedVersion, version);
        }
        catch (IOException e)
        {
            // Not saving only means re-reading more after a crash (duplicates, never loss); keep running.
            _telemetry.Error(TagNames.ErrorTypes.CheckpointFailed, TagNames.Stages.Checkpointing);
            Log.CheckpointFailed(_logger, _store.FilePath, e);
        }
    }
}
