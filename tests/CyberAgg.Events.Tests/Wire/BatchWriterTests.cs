using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Events.Tests.Wire;

public class BatchWriterTests
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8);

    [Fact]
    public void Add_SteadyState_AllocatesNothingPerEvent()
    {
        var evt = new SecurityEvent { SourceIp = "198.51.100.1", DestinationPort = 443, Action = "blocked", Message = "connection refused" };
        evt.Attributes["Image"] = @"C:\Windows\System32\cmd.exe";
        using var writer = new BatchWriter(Key, "EE", "fw1");
        writer.Begin(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 1000; i++)
        {
            writer.Add(evt);
        }

        _ = writer.Complete();

        // Same buffer, now big enough: a second batch of the same size must not allocate at all.
        var before = GC.GetAllocatedBytesForCurrentThread();
        writer.Begin(DateTimeOffset.UnixEpoch);
        for (var i = 0; i < 1000; i++)
        {
            writer.Add(evt);
        }

        _ = writer.Complete();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBeLessThan(1000);
    }

    [Fact]
    public void Add_ObserverFieldsEqualHeader_NotRepeatedPerEvent()
    {
        using var writer = new BatchWriter(Key, "EE", "fw1");
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(new SecurityEvent());
        var bare = writer.MessageLength;
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(new SecurityEvent { Partner = "ee-cert", Country = "EE", ObserverName = "fw1" });

        writer.MessageLength.ShouldBe(bare);
    }

    [Fact]
    public void Begin_CountryNotAlpha2_Throws()
    {
        Should.Throw<ArgumentException>(() => new BatchWriter(Key, "EST", "fw1"));
    }
}
