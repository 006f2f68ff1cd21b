using System.Collections.Concurrent;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Delivery;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Spool;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Agent.Tests.Delivery;

/// <summary>"Kafka reachable again" is said only when Kafka acknowledged something after an outage.</summary>
public sealed class KafkaSinkReachabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AgentTelemetry _telemetry = new();
    private readonly AckTracker _tracker = new(new Dictionary<FileKey, FileMark>());
    private readonly Capture _log = new();

    [Fact]
    public async Task Shutdown_DuringAHalfOpenTrialKafkaNeverReachable_DoesNotSayReachableAgain()
    {
        var transport = new NeverAnswers();
        var sink = NewSink(transport);
        sink.Start();
        for (var i = 0; i < 3; i++)
        {
            await sink.SubmitAsync(Batches.Create(_tracker, 5, 100), default);
        }

        // After the circuit's break the drainer tries again; that trial hangs, as a produce to an unreachable broker does.
        await WaitFor.ConditionAsync(() => transport.Hanging > 0, TimeSpan.FromSeconds(30), "a trial send is in progress");
        await sink.ShutdownAsync();
        await sink.DisposeAsync();

        _log.Lines.ShouldContain(l => l.Contains("unreachable", StringComparison.Ordinal));
        _log.Lines.ShouldNotContain(l => l.Contains("reachable again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_KafkaBack_SaysReachableAgainOnce()
    {
        var transport = new FakeTransport { Down = true };
        await using var sink = NewSink(transport);
        for (var i = 0; i < 3; i++)
        {
            await sink.SubmitAsync(Batches.Create(_tracker, 5, 100), default);
        }

        await WaitFor.ConditionAsync(() => sink.InFlightBytes == 0 && sink.Stats.BatchesSpooled == 3, TimeSpan.FromSeconds(10), "every failed batch is spooled");
        transport.Down = false;
        sink.Start();
        await WaitFor.ConditionAsync(() => sink.Stats.EventsSent == 15, TimeSpan.FromSeconds(30), "the spool drains");

        // "Reachable again" follows the circuit having opened; under load the three failures may be spooled as slow
        // sends before the circuit opens, and then there is no outage to announce the end of.
        var opened = _log.Lines.Any(l => l.Contains("unreachable", StringComparison.Ordinal));
        _log.Lines.Count(l => l.Contains("reachable again", StringComparison.Ordinal)).ShouldBe(opened ? 1 : 0);
    }

    private KafkaSink NewSink(IBatchTransport transport)
    {
        var spool = new DiskSpool(new SpoolOptions { Dir = _dir.File("spool") }, Guid.NewGuid(), _telemetry, NullLogger.Instance);
        return new KafkaSink(transport, spool, _tracker, new DeliveryOptions { ShutdownTimeout = TimeSpan.FromSeconds(1) }, TestAgent.Limit(_telemetry), TimeProvider.System, _telemetry, _log);
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _dir.Dispose();
    }

    /// <summary>Fails the first sends at once, then hangs each one until it is cancelled.</summary>
    private sealed class NeverAnswers : IBatchTransport
    {
        private int _calls;
        private int _hanging;

        public int Hanging => Volatile.Read(ref _hanging);

        public async Task SendAsync(OutboundBatch batch, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= 3)
            {
                throw new KafkaException(ErrorCode.Local_MsgTimedOut);
            }

            Interlocked.Increment(ref _hanging);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public void Flush(TimeSpan timeout)
        {
        }

        public void Dispose()
        {
        }
    }

    private sealed class Capture : ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
