using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Agent.Tests.Checkpoints;

public sealed class CheckpointWriterTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly FileKey Key = new(2049, 7);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new();
    private readonly AgentTelemetry _telemetry = new();

    [Fact]
    public async Task RunAsync_AdvancesWithinTheInterval_WritesTheFirstAtOnceAndTheLatestWhenTheIntervalEnds()
    {
        var log = _dir.File("sensor.log");
        await File.WriteAllTextAsync(log, "x");
        var store = new CheckpointStore(_dir.File("state"));
        var tracker = new AckTracker(new Dictionary<FileKey, FileMark>());
        var writer = new CheckpointWriter(tracker, store, _telemetry, NullLogger.Instance, _time);
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);

        Confirm(tracker, log, 100);
        await WaitFor.ConditionAsync(() => Saved(store) == 100, Deadline, "the first advance is written without waiting");

        Confirm(tracker, log, 200);
        Confirm(tracker, log, 300);
        var from = _time.GetTimestamp();
        await WaitFor.ConditionAsync(
            () =>
            {
                // Fake time moves 5 ms per look; a writer that did not wait for the interval writes after a look or two.
                _time.Advance(TimeSpan.FromMilliseconds(5));
                return Saved(store) == 300;
            },
            Deadline,
            "the interval's advances are written as one, the latest");
        _time.GetElapsedTime(from).ShouldBeGreaterThanOrEqualTo(CheckpointWriter.MinInterval, "the second write waited for the interval");
        writer.SavedVersion.ShouldBe(tracker.Version);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Save_AfterStopInsideTheInterval_WritesWhatTheRunLeftUnwritten()
    {
        var log = _dir.File("sensor.log");
        await File.WriteAllTextAsync(log, "x");
        var store = new CheckpointStore(_dir.File("state"));
        var tracker = new AckTracker(new Dictionary<FileKey, FileMark>());
        var writer = new CheckpointWriter(tracker, store, _telemetry, NullLogger.Instance, _time);
        using var stop = new CancellationTokenSource();
        var run = writer.RunAsync(stop.Token);
        Confirm(tracker, log, 100);
        await WaitFor.ConditionAsync(() => Saved(store) == 100, Deadline, "the first advance is written");
        Confirm(tracker, log, 200);

        await stop.CancelAsync();
        await run;
        writer.Save();

        Saved(store).ShouldBe(200, "shutdown writes the last confirmed offset whatever the interval");
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _dir.Dispose();
    }

    private static void Confirm(AckTracker tracker, string path, long offset) =>
        tracker.Settle(tracker.Register([new FileMark(Key, path, offset)]));

    private static long Saved(CheckpointStore store)
    {
        try
        {
            return store.Load().TryGetValue(Key, out var mark) ? mark.Offset : 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return 0;
        }
    }
}
