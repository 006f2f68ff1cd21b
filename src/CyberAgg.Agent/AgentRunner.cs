using System.Threading.Channels;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Delivery;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Spool;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent;

/// <summary>
/// The agent's graph: sources → bounded channel → normalise and batch → Kafka sink (with spool) → checkpoints.
/// Stop order matters: sources first, then the batcher cuts its last batch, then delivery flushes or spools.
/// </summary>
internal sealed class AgentRunner : IAsyncDisposable
{
    // Records waiting in the channel survive the next gen0 GC (promoted, then collected as gen1): fewer waiting is less RSS.
    private const int ChannelCapacity = 1024;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<RawRecord> _channel;
    private readonly CancellationTokenSource _sourcesStop = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly CancellationTokenSource _writerStop = new();
    private readonly BatchWriter _batchWriter;
    private readonly Batcher _batcher;
    private readonly CheckpointWriter _checkpoints;
    private readonly List<ISource> _sources = [];
    private Task _sourcesTask = Task.CompletedTask;
    private Task _batcherTask = Task.CompletedTask;
    private Task _checkpointTask = Task.CompletedTask;
    private bool _started;
    private bool _stopped;

    public AgentRunner(AgentOptions options, ILoggerFactory loggers, TimeProvider time, AgentTelemetry telemetry, IBatchTransport? transport = null, Func<Stream>? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _time = time;
        Telemetry = telemetry;
        _logger = loggers.CreateLogger("CyberAgg.Agent");
        var identity = options.Identity;

        var store = new CheckpointStore(identity.DataDir);
        Tracker = new AckTracker(store.Load());
        _checkpoints = new CheckpointWriter(Tracker, store, telemetry, _logger, time);
        Spool = new DiskSpool(options.Spool, Guid.NewGuid(), telemetry, _logger);
        Limit = new MessageLimit(options.Delivery.MaxMessageBytes, options.IngestKey.Secret, identity.Partner, identity.Name, options.Delivery.DeadLetterTopic, telemetry, _logger);
        transport ??= new KafkaTransport(options.Kafka, options.Batch, options.Delivery, loggers.CreateLogger("CyberAgg.Agent.Kafka"), telemetry);
        Sink = new KafkaSink(transport, Spool, Tracker, options.Delivery, Limit, time, telemetry, _logger);

        _channel = Channel.CreateBounded<RawRecord>(new BoundedChannelOptions(ChannelCapacity) { FullMode = BoundedChannelFullMode.Wait });
        var normalizer = new RecordNormalizer(new NormalizerOptions
        {
            Partner = identity.Partner,
            Country = identity.Country,
            Sensor = identity.Name,
            MaxRecordBytes = identity.MaxRecordBytes,
        });
        var key = new IngestKey(identity.Partner, options.IngestKey.KeyId, options.IngestKey.Secret, identity.Country);
        _batchWriter = new BatchWriter(key, identity.Country, identity.Name);
        _batcher = new Batcher(normalizer, _batchWriter, identity, options.Batch, options.Delivery, Tracker, time, Sink.SubmitAsync, Limit, telemetry, _logger);

        try
        {
            foreach (var input in options.Inputs)
            {
                _sources.Add(input.Type switch
                {
                    InputType.File => new FileSource(input, Tracker, identity.MaxRecordBytes, time, _logger, telemetry),
                    InputType.SyslogUdp => new SyslogUdpSource(input, _logger, telemetry),
                    InputType.SyslogTcp => new SyslogTcpSource(input, identity.MaxRecordBytes, _logger, telemetry),
                    _ => new StdinSource(input, stdin ?? Console.OpenStandardInput, identity.MaxRecordBytes, telemetry),
                });
            }
        }
        catch
        {
            DisposeSources();
            throw;
        }
    }

    public AgentTelemetry Telemetry { get; }

    public AckTracker Tracker { get; }

    public DiskSpool Spool { get; }

    public KafkaSink Sink { get; }

    /// <summary>The broker's message limit, as configured or as lowered by a broker that refused a message.</summary>
    public MessageLimit Limit { get; }

    public IReadOnlyList<ISource> Sources => _sources;

    /// <summary>Completes when every input has ended by itself (stdin at end of stream); file and syslog inputs never do.</summary>
    public Task InputsEnded => _sourcesTask;

    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        Sink.Start();
        _checkpointTask = _checkpoints.RunAsync(_writerStop.Token);
        _batcherTask = Task.Run(() => _batcher.RunAsync(_channel.Reader, _hardStop.Token));
        _sourcesTask = Task.WhenAll(_sources.Select(RunSourceAsync));
        Log.Started(_logger, _options.Identity.Partner, _options.Identity.Country, _options.Identity.Name, _options.Inputs.Count, _options.Kafka.ToString());
    }

    /// <summary>Runs until <paramref name="stop"/> fires or every input has ended, then shuts down cleanly.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        Start();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stop.Register(() => stopped.TrySetResult()))
        {
            await Task.WhenAny(stopped.Task, _sourcesTask).ConfigureAwait(false);
        }

        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops inputs, cuts the last batch, flushes or spools what is in flight and saves the checkpoints.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        Log.Stopping(_logger);
        await _sourcesStop.CancelAsync().ConfigureAwait(false);
        await _sourcesTask.ConfigureAwait(false);
        Sink.ReleaseBlockedWriters();
        _channel.Writer.TryComplete();
        await _batcherTask.ConfigureAwait(false);
        await Sink.ShutdownAsync().ConfigureAwait(false);
        await _writerStop.CancelAsync().ConfigureAwait(false);
        await _checkpointTask.ConfigureAwait(false);
        _checkpoints.Save();
        Log.Stopped(_logger, Sink.Stats.EventsSent, Sink.Stats.DeadLettersSent, Spool.Count, Spool.DroppedEvents);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var gc = GC.GetGCMemoryInfo();
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            Log.Memory(_logger, gc.HeapSizeBytes / 1e6, gc.TotalCommittedBytes / 1e6, process.PeakWorkingSet64 / 1e6, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await Sink.DisposeAsync().ConfigureAwait(false);
        DisposeSources();
        _batchWriter.Dispose();
        _sourcesStop.Dispose();
        _hardStop.Dispose();
        _writerStop.Dispose();
    }

    private async Task RunSourceAsync(ISource source)
    {
        try
        {
            await Task.Run(() => source.RunAsync(_channel.Writer, _sourcesStop.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_sourcesStop.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Telemetry.Error(TagNames.ErrorTypes.ReadFailed, TagNames.Stages.Receiving);
            Log.SourceFailed(_logger, source.Name, e);
        }
    }

    private void DisposeSources()
    {
        foreach (var source in _sources)
        {
            (source as IDisposable)?.Dispose();
        }
    }
}
