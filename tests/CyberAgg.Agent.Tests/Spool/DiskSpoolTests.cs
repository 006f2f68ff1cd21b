using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Spool;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Agent.Tests.Spool;

public sealed class DiskSpoolTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AgentTelemetry _telemetry = new();
    private readonly AckTracker _tracker = new(new Dictionary<FileKey, FileMark>());

    [Fact]
    public async Task TakeOldest_AfterRestart_ReturnsBatchesInWriteOrderWithTheirContent()
    {
        var runId = Guid.NewGuid();
        var spool = NewSpool(runId);
        for (var i = 1; i <= 3; i++)
        {
            await spool.AppendAsync(Batches.Create(_tracker, i, 100 * i), force: false, default);
        }

        var restarted = NewSpool(Guid.NewGuid());
        restarted.Count.ShouldBe(3);
        for (var i = 1; i <= 3; i++)
        {
            var entry = await restarted.TakeOldestAsync(default);
            var (batch, sameRun) = restarted.Read(entry)!.Value;
            batch.EventCount.ShouldBe(i);
            batch.Messages[0].Value.Length.ShouldBe(100 * i);
            batch.Messages[0].Headers[0].Key.ShouldBe("content-type");
            sameRun.ShouldBeFalse("an earlier run's batch must not settle this run's checkpoints");
            restarted.Complete(entry);
        }

        restarted.Count.ShouldBe(0);
        restarted.Bytes.ShouldBe(0);
    }

    [Fact]
    public async Task Recover_LeftoverTemporaryFile_IsDiscarded()
    {
        var spool = NewSpool(Guid.NewGuid());
        await spool.AppendAsync(Batches.Create(_tracker, 1, 10), force: false, default);
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, "0000000000000099.spool.tmp"), [1, 2, 3]);

        var restarted = NewSpool(Guid.NewGuid());

        restarted.Count.ShouldBe(1);
        Directory.GetFiles(_dir.Path, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_CorruptEntry_IsSetAsideAndCountedAsDropped()
    {
        var spool = NewSpool(Guid.NewGuid());
        await spool.AppendAsync(Batches.Create(_tracker, 5, 10), force: false, default);
        var entry = await spool.TakeOldestAsync(default);
        var bytes = await File.ReadAllBytesAsync(entry.Path);
        await File.WriteAllBytesAsync(entry.Path, bytes[..^4]);

        spool.Read(entry).ShouldBeNull();

        spool.DroppedEvents.ShouldBe(5);
        File.Exists(entry.Path + ".corrupt").ShouldBeTrue();
        spool.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Append_OneBatchLargerThanTheSpool_IsAcceptedWhenEmpty()
    {
        var spool = NewSpool(Guid.NewGuid(), maxBytes: 1000);

        await spool.AppendAsync(Batches.Create(_tracker, 1, 5000), force: false, default).WaitAsync(TimeSpan.FromSeconds(5));

        spool.Count.ShouldBe(1, "otherwise it could never be written and the pipeline would stall for good");
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _dir.Dispose();
    }

    private DiskSpool NewSpool(Guid runId, long maxBytes = 1_000_000) =>
        new(new SpoolOptions { Dir = _dir.Path, MaxBytes = maxBytes, WhenFull = SpoolFullPolicy.Block }, runId, _telemetry, NullLogger.Instance);
}
