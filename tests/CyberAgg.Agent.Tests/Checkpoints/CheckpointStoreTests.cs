using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Tests.Support;

namespace CyberAgg.Agent.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryFile()
    {
        var store = new CheckpointStore(_dir.Path);
        var marks = new[] { new FileMark(new FileKey(2049, 7), "/var/log/a.log", 123, 0xfedcba9876543210, 256), new FileMark(new FileKey(2049, 8), "/var/log/b \"quoted\".log", 0) };

        store.Save(marks);

        store.Load().Values.OrderBy(m => m.Key.Inode).ShouldBe(marks);
        File.Exists(store.FilePath + ".tmp").ShouldBeFalse("written by rename, never left half-way");
    }

    [Fact]
    public void Load_NoFile_IsEmpty() => new CheckpointStore(_dir.Path).Load().ShouldBeEmpty();

    [Fact]
    public void Load_Garbage_SaysHowToRecover()
    {
        var store = new CheckpointStore(_dir.Path);
        File.WriteAllText(store.FilePath, "{not json");

        Should.Throw<InvalidDataException>(store.Load).Message.ShouldContain("move it away");
    }

    public void Dispose() => _dir.Dispose();
}
