using System.Threading.Channels;
using CyberAgg.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Checkpoints;

/// <summary>
/// Saves confirmed offsets whenever they advance, at most every <see cref="MinInterval"/>: acknowledgements in between
/// are coalesced into the next write. Each write is an fsync'd replace, and one per acknowledged batch was 3 % of the
/// agent's CPU at full speed (benchmarks/agent/README.md); a crash re-reads at most that much more, which the event ids
/// deduplicate.
/// </summary>
internal sealed class CheckpointWriter
{
    private readonly AckTracker _tracker;
    private readonly CheckpointStore _store;
    private readonly AgentTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _savedVersion = -1;

    public CheckpointWriter(AckTracker tracker, CheckpointStore store, AgentTelemetry telemetry, ILogger logger, TimeProvider time)
    {
        _time = time;
        _tracker = tracker;
        _store = store;
        _telemetry = telemetry;
        _logger = logger;
        _tracker.Advanced += () => _signal.Writer.TryWrite(true);
    }

    /// <summary>Shortest time between two checkpoint writes while the agent runs (the last one is written at shutdown).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

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
                await Task.Delay(MinInterval, _time, cancellationToken).ConfigureAwait(false);
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
