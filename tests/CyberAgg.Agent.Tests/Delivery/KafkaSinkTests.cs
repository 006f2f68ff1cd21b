using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Delivery;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Spool;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Agent.Tests.Delivery;

public sealed class KafkaSinkTests : IDisposable
{
    private const int EventsPerBatch = 10;
    private const int PayloadBytes = 4000;
    private readonly TempDirectory _dir = new();
    private readonly AgentTelemetry _telemetry = new();
    private readonly FakeTimeProvider _time = new();
    private readonly FakeTransport _transport = new();
    private readonly AckTracker _tracker = new(new Dictionary<FileKey, FileMark>());

    [Fact]
    public async Task Submit_KafkaUp_DeliversDirectlyAndSettles()
    {
        await using var sink = NewSink(NewSpool(1_000_000, SpoolFullPolicy.Block));
        sink.Start();

        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);
        await WaitFor.ConditionAsync(() => sink.Stats.EventsSent == EventsPerBatch, TimeSpan.FromSeconds(10), "the batch is acknowledged");

        _tracker.PendingCount.ShouldBe(0);
        sink.Stats.BatchesSpooled.ShouldBe(0);
    }

    [Fact]
    public async Task Submit_WindowFullWhileKafkaIsUp_WaitsForRoomInsteadOfSpooling()
    {
        var spool = NewSpool(1_000_000, SpoolFullPolicy.Block);
        await using var sink = NewSink(spool, maxInFlightBytes: PayloadBytes + 1000);
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _transport.Hold = ack.Task;

        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);
        var second = sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default).AsTask();
        ack.SetResult();
        await second;
        await WaitFor.ConditionAsync(() => sink.Stats.EventsSent == 2 * EventsPerBatch, TimeSpan.FromSeconds(10), "both batches are acknowledged");

        sink.Stats.BatchesSpooled.ShouldBe(0, "a full window holds the batcher back while Kafka acknowledges; it is no reason to spool");
        spool.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Submit_WindowFullAndNoAcknowledgementForASecond_SpoolsTheBatch()
    {
        var spool = NewSpool(1_000_000, SpoolFullPolicy.Block);
        await using var sink = NewSink(spool, maxInFlightBytes: PayloadBytes + 1000);
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _transport.Hold = ack.Task;

        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);
        var second = sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default).AsTask();
        await WaitFor.ConditionAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(250));
                return second.IsCompleted;
            },
            TimeSpan.FromSeconds(10),
            "the batcher stops waiting once Kafka is slow");

        spool.Count.ShouldBe(1, "Kafka acknowledged nothing for a second: slow, so the batch goes to the spool");
        ack.SetResult();
    }

    [Fact]
    public async Task Submit_SpoolFullWithDropOldest_DropsOldestCountsEveryEventAndDeliversTheRest()
    {
        var spool = NewSpool(maxBytes: 5 * (PayloadBytes + 200), SpoolFullPolicy.DropOldest);
        await using var sink = NewSink(spool);
        _transport.Down = true;
        const int batches = 20;

        for (var i = 0; i < batches; i++)
        {
            await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);
        }

        await WaitFor.ConditionAsync(() => sink.InFlightBytes == 0, TimeSpan.FromSeconds(10), "failed sends have been spooled");
        spool.Bytes.ShouldBeLessThanOrEqualTo(5 * (PayloadBytes + 200));
        spool.DroppedEvents.ShouldBeGreaterThan(0);
        (spool.DroppedEvents + (spool.Count * EventsPerBatch)).ShouldBe(batches * EventsPerBatch, "every event is either spooled or counted as dropped");

        _transport.Down = false;
        sink.Start();
        await DrainAsync(sink, spool);

        (sink.Stats.EventsSent + spool.DroppedEvents).ShouldBe(batches * EventsPerBatch);
        _tracker.PendingCount.ShouldBe(0, "dropped batches are settled too, so checkpoints move past them");
        // Failed sends run concurrently and enter the spool in the order they fail, not in batch order, so only a
        // batch's single delivery is asserted here; the spool's own order is covered by the DiskSpool tests.
        _transport.Sent.Select(b => b.Sequence).ShouldBeUnique("each spooled batch is delivered once");
    }

    [Fact]
    public async Task Submit_SpoolFullWithBlock_WaitsForRoomAndLosesNothing()
    {
        var spool = NewSpool(maxBytes: 3 * (PayloadBytes + 200), SpoolFullPolicy.Block);
        await using var sink = NewSink(spool);
        _transport.Down = true;
        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);
        await WaitFor.ConditionAsync(() => spool.Count == 1, TimeSpan.FromSeconds(10), "the failed batch is spooled");
        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);
        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);

        var blocked = sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default).AsTask();

        blocked.IsCompleted.ShouldBeFalse("a full spool with when_full: block holds the pipeline back");
        spool.Count.ShouldBe(3);
        _transport.Down = false;
        sink.Start();
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        await DrainAsync(sink, spool);
        sink.Stats.EventsSent.ShouldBe(4 * EventsPerBatch);
        spool.DroppedEvents.ShouldBe(0);
    }

    [Fact]
    public async Task Shutdown_KafkaDown_SpoolsWhatIsInFlightForTheNextRun()
    {
        var spool = NewSpool(1_000_000, SpoolFullPolicy.Block);
        var sink = NewSink(spool);
        sink.Start();
        _transport.Down = true;
        await sink.SubmitAsync(Batches.Create(_tracker, EventsPerBatch, PayloadBytes), default);

        await sink.ShutdownAsync();
        await sink.DisposeAsync();

        spool.Count.ShouldBe(1);
        var next = NewSpool(1_000_000, SpoolFullPolicy.Block);
        next.Count.ShouldBe(1, "a new run finds the batch");
        _tracker.PendingCount.ShouldBe(1, "not acknowledged, so its file offsets stay unconfirmed");
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _dir.Dispose();
    }

    // The breaker and the retry backoff run on the fake clock: advancing it is what lets the drainer try again.
    private async Task DrainAsync(KafkaSink sink, DiskSpool spool) =>
        await WaitFor.ConditionAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return spool.Count == 0 && sink.InFlightBytes == 0;
            },
            TimeSpan.FromSeconds(20),
            "the spool drains");

    private DiskSpool NewSpool(long maxBytes, SpoolFullPolicy policy) =>
        new(new SpoolOptions { Dir = _dir.File("spool"), MaxBytes = maxBytes, WhenFull = policy }, Guid.NewGuid(), _telemetry, NullLogger.Instance);

    private KafkaSink NewSink(DiskSpool spool, long maxInFlightBytes = DeliveryOptions.DefaultMaxInFlightBytes) =>
        new(_transport, spool, _tracker, new DeliveryOptions { ShutdownTimeout = TimeSpan.FromSeconds(1), MaxInFlightBytes = maxInFlightBytes }, TestAgent.Limit(_telemetry), _time, _telemetry, NullLogger.Instance);
}
