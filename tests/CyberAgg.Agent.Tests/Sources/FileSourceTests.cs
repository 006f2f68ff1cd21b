using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Agent.Tests.Sources;

public sealed class FileSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AgentTelemetry _telemetry = new();

    [Fact]
    public async Task PollOnce_LineWithoutNewline_WaitsForTheNewline()
    {
        var log = _dir.File("a.log");
        await File.WriteAllTextAsync(log, "first\nsecond\npart");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), _dir.File("*.log"));
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);
        ChannelDrain.Lines(channel).ShouldBe(["first", "second"]);

        await File.AppendAllTextAsync(log, "ial\r\n");
        await source.PollOnceAsync(channel.Writer, default);
        ChannelDrain.Lines(channel).ShouldBe(["partial"]);
    }

    [Fact]
    public async Task PollOnce_Records_CarryTheOffsetAfterTheirLine()
    {
        var log = _dir.File("a.log");
        await File.WriteAllTextAsync(log, "ab\ncde\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), log);
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);

        var records = ChannelDrain.Records(channel);
        records.Select(r => r.Mark!.Value.Offset).ShouldBe([3L, 7L]);
        records.Select(r => r.Origin).Distinct().Count().ShouldBe(2, "origins are unique per record");
    }

    [Fact]
    public async Task PollOnce_Records_OriginNamesInodeAndLineStart()
    {
        // The event id derives from the origin, so its exact text is part of the contract: file:DEV:INODE@START.
        var log = _dir.File("a.log");
        await File.WriteAllTextAsync(log, "ab\ncde\nf\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), log);
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);

        var records = ChannelDrain.Records(channel);
        var key = records[0].Mark!.Value.Key;
        records.Select(r => r.Origin).ShouldBe([$"file:{key.Device}:{key.Inode}@0", $"file:{key.Device}:{key.Inode}@3", $"file:{key.Device}:{key.Inode}@7"]);
    }

    [Fact]
    public async Task PollOnce_RenameRotation_FinishesOldFileThenReadsNewFromStart()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "1\n2\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), _dir.File("*.log"));
        var channel = ChannelDrain.Create();
        await source.PollOnceAsync(channel.Writer, default);
        ChannelDrain.Lines(channel).ShouldBe(["1", "2"]);

        // The writer appends, logrotate renames, the writer reopens: the old file's unterminated tail is a record too.
        await File.AppendAllTextAsync(log, "3\n4");
        File.Move(log, _dir.File("app.log.1"));
        await File.WriteAllTextAsync(log, "5\n");
        await source.PollOnceAsync(channel.Writer, default);

        ChannelDrain.Lines(channel).ShouldBe(["3", "4", "5"]);
        source.OpenFiles.ShouldBe([log]);
    }

    [Fact]
    public async Task PollOnce_RenameIntoAnotherMatchedName_KeepsReadingWithoutDuplicates()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "1\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), _dir.File("app*"));
        var channel = ChannelDrain.Create();
        await source.PollOnceAsync(channel.Writer, default);

        File.Move(log, _dir.File("app.1"));
        await File.AppendAllTextAsync(_dir.File("app.1"), "2\n");
        await source.PollOnceAsync(channel.Writer, default);

        ChannelDrain.Lines(channel).ShouldBe(["1", "2"]);
    }

    [Fact]
    public async Task PollOnce_CopyTruncate_ReadsTheFileAgainFromTheStart()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "old line 1\nold line 2\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), log);
        var channel = ChannelDrain.Create();
        await source.PollOnceAsync(channel.Writer, default);
        ChannelDrain.Records(channel).Count.ShouldBe(2);

        File.Copy(log, _dir.File("app.log.1"));
        await using (var truncate = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        await File.AppendAllTextAsync(log, "new\n");
        await source.PollOnceAsync(channel.Writer, default);

        var records = ChannelDrain.Records(channel);
        records.Select(r => System.Text.Encoding.UTF8.GetString(r.Data)).ShouldBe(["new"]);
        records[0].Mark!.Value.Offset.ShouldBe(4);
    }

    [Fact]
    public async Task PollOnce_ConfirmedCheckpoint_ResumesExactlyThere()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "1\n2\n3\n");
        FileIdentity.TryGet(log, out var key, out _).ShouldBeTrue();
        var confirmed = new Dictionary<FileKey, FileMark> { [key] = new FileMark(key, log, 4) };
        using var source = NewSource(new AckTracker(confirmed), log);
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);

        ChannelDrain.Lines(channel).ShouldBe(["3"]);
    }

    [Fact]
    public async Task PollOnce_CheckpointBeyondEnd_TreatsFileAsTruncatedWhileAway()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "short\n");
        FileIdentity.TryGet(log, out var key, out _).ShouldBeTrue();
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark> { [key] = new FileMark(key, log, 1000) }), log);
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);

        ChannelDrain.Lines(channel).ShouldBe(["short"]);
    }

    [Fact]
    public async Task PollOnce_CheckpointOfAnotherFileWithTheSameInode_ReadsFromTheStart()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "new file, same inode\nsecond line\n");
        FileIdentity.TryGet(log, out var key, out _).ShouldBeTrue();
        // The checkpoint was taken on a deleted file whose inode this one reused: its first bytes differ.
        var stale = new FileMark(key, log, 21, Fingerprint: 12345, FingerprintLength: 20);
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark> { [key] = stale }), log);
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);

        ChannelDrain.Lines(channel).ShouldBe(["new file, same inode", "second line"]);
    }

    [Fact]
    public async Task PollOnce_RecordMarks_CarryAFingerprintThatResumeAccepts()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, "1\n2\n");
        using (var first = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), log))
        {
            var channel = ChannelDrain.Create();
            await first.PollOnceAsync(channel.Writer, default);
            var mark = ChannelDrain.Records(channel)[0].Mark!.Value;
            mark.FingerprintLength.ShouldBe(4);
            await File.AppendAllTextAsync(log, "3\n");
            using var resumed = NewSource(new AckTracker(new Dictionary<FileKey, FileMark> { [mark.Key] = mark }), log);
            var again = ChannelDrain.Create();
            await resumed.PollOnceAsync(again.Writer, default);
            ChannelDrain.Lines(again).ShouldBe(["2", "3"]);
        }
    }

    [Fact]
    public async Task PollOnce_ReadFromEnd_SkipsExistingButReadsNewFilesWhole()
    {
        await File.WriteAllTextAsync(_dir.File("old.log"), "history\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), _dir.File("*.log"), fromBeginning: false);
        var channel = ChannelDrain.Create();
        await source.PollOnceAsync(channel.Writer, default);
        ChannelDrain.Lines(channel).ShouldBeEmpty();

        await File.AppendAllTextAsync(_dir.File("old.log"), "live\n");
        await File.WriteAllTextAsync(_dir.File("new.log"), "fresh\n");
        await source.PollOnceAsync(channel.Writer, default);

        ChannelDrain.Lines(channel).Order(StringComparer.Ordinal).ShouldBe(["fresh", "live"]);
    }

    [Fact]
    public async Task PollOnce_LineOverTheLimit_KeepsItsHeadAndStaysInSync()
    {
        var log = _dir.File("app.log");
        await File.WriteAllTextAsync(log, new string('x', 300_000) + "\nafter\n");
        using var source = NewSource(new AckTracker(new Dictionary<FileKey, FileMark>()), log, maxRecordBytes: 2048);
        var channel = ChannelDrain.Create();

        await source.PollOnceAsync(channel.Writer, default);

        var records = ChannelDrain.Records(channel);
        records.Count.ShouldBe(2);
        records[0].Data.Length.ShouldBe(2049, "one byte over the limit, so the normaliser dead-letters it as too_large");
        records[0].Mark!.Value.Offset.ShouldBe(300_001);
        System.Text.Encoding.UTF8.GetString(records[1].Data).ShouldBe("after");
    }

    public void Dispose()
    {
        _telemetry.Dispose();
        _dir.Dispose();
    }

    private FileSource NewSource(AckTracker tracker, string path, bool fromBeginning = true, int maxRecordBytes = 256 * 1024) =>
        new(TestAgent.FileInput(path) is var input ? new InputOptions
        {
            Name = input.Name,
            Type = InputType.File,
            Paths = input.Paths,
            ReadFromBeginning = fromBeginning,
        } : input, tracker, maxRecordBytes, TimeProvider.System, NullLogger.Instance, _telemetry);
}
